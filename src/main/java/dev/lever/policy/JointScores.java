package dev.lever.policy;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RectangularCholeskyDecomposition;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The arms' scores in the shared linear model under one posterior draw theta~ ~ N(theta, v^2 A^-1): s_a = z_a.theta~
 * is jointly Normal with mean z_a.theta and covariance C = v^2 Z A^-1 Z^T, with Z the K arms' joint features as
 * rows. A joint draw is s = mean + R g with R R^T = C and g standard normal.
 *
 * <p>R comes from a Cholesky decomposition of C with full pivoting that stops at C's numerical rank
 * ({@link RectangularCholeskyDecomposition}, the factor commons-math3's correlated generator uses): C has rank at most
 * min(K, d), and two arms whose z coincide (a hash collision, or no features that tell them apart) make it singular,
 * where a plain Cholesky decomposition fails. Pivots under 1e-10 of C's largest diagonal entry count as 0, far
 * under the variance of any posterior a ridge prior allows. Building R costs O(K d s + K^2 s + K^3) for s non-zero
 * slots per z, a draw O(K r) for rank r. Immutable.
 */
final class JointScores {

    private static final double RELATIVE_SMALL = 1e-10;

    private final double[] mean;
    private final double[][] root;

    private JointScores(double[] mean, double[][] root) {
        this.mean = mean;
        this.root = root;
    }

    static JointScores of(LinearArm model, double[][] z, double v) {
        ContextualPolicy.requireArms(model, z);
        int k = z.length;
        double[] mean = new double[k];
        double[][] covariance = new double[k][k];
        double largest = 0;
        for (int a = 0; a < k; a++) {
            mean[a] = model.mean(z[a]);
            double[] solved = model.covarianceTimes(z[a]);
            for (int b = 0; b <= a; b++) {
                double c = v * v * sparseDot(z[b], solved);
                covariance[a][b] = c;
                covariance[b][a] = c;
            }
            largest = Math.max(largest, covariance[a][a]);
        }
        double[][] root = new RectangularCholeskyDecomposition(MatrixUtils.createRealMatrix(covariance),
                RELATIVE_SMALL * largest).getRootMatrix().getData();
        return new JointScores(mean, root);
    }

    /**
     * The arm with the largest score of one joint draw (ties, which have probability 0, go to the first), from the
     * standard normal draws at {@code normals[offset]} on: as many as the factor's rank, at most one per arm.
     */
    int draw(double[] normals, int offset) {
        int rank = root[0].length;
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < mean.length; a++) {
            double score = mean[a];
            double[] row = root[a];
            for (int j = 0; j < rank; j++) {
                score += row[j] * normals[offset + j];
            }
            if (score > bestScore) {
                best = a;
                bestScore = score;
            }
        }
        return best;
    }

    private static double sparseDot(double[] sparse, double[] dense) {
        double total = 0;
        for (int i = 0; i < sparse.length; i++) {
            if (sparse[i] != 0.0) {
                total += sparse[i] * dense[i];
            }
        }
        return total;
    }
}
