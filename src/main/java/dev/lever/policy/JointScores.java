package dev.lever.policy;

import java.util.Arrays;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RectangularCholeskyDecomposition;

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

    /**
     * How many of {@code draws} joint draws each arm wins (ties, which have probability 0, go to the first arm), draw
     * d reading its standard normals at {@code normals[j * draws + d]}, j below the factor's rank. The same scores as
     * {@link #draw} computed arm by arm over all the draws at once: the inner loop runs over contiguous draws, which
     * the JIT compiles to vector instructions, where a draw at a time is a K x rank dot product of scattered reads
     * (with K = 10, d = 64, 1,000 draws, the bulk of a shared allocation's time, measured by bench/run's shared
     * row).
     */
    int[] wins(double[] normals, int draws) {
        int k = mean.length;
        int rank = root[0].length;
        double[] score = new double[draws];
        double[] best = new double[draws];
        int[] winner = new int[draws];
        for (int a = 0; a < k; a++) {
            Arrays.fill(score, mean[a]);
            double[] row = root[a];
            for (int j = 0; j < rank; j++) {
                double c = row[j];
                if (c != 0.0) {
                    int offset = j * draws;
                    for (int d = 0; d < draws; d++) {
                        score[d] += c * normals[offset + d];
                    }
                }
            }
            if (a == 0) {
                System.arraycopy(score, 0, best, 0, draws);
                continue;
            }
            for (int d = 0; d < draws; d++) {
                if (score[d] > best[d]) {
                    best[d] = score[d];
                    winner[d] = a;
                }
            }
        }
        int[] wins = new int[k];
        for (int d = 0; d < draws; d++) {
            wins[winner[d]]++;
        }
        return wins;
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
