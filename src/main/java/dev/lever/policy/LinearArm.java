package dev.lever.policy;

import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * One arm's ridge-regression posterior, ready to score contexts: A^-1 with A = ridge * I + S, and theta = A^-1 b
 * (Li et al. 2010, algorithm 1; Agrawal &amp; Goyal, "Thompson Sampling for Contextual Bandits with Linear
 * Payoffs", ICML 2013, where B = A and mu = theta). Under a Gaussian reward model the posterior of the arm's weight
 * vector is N(theta, sigma^2 A^-1), so a context x has expected reward x.theta with variance sigma^2 x^T A^-1 x.
 *
 * <p>Built once per statistics snapshot ({@link #of}, a Cholesky decomposition, O(d^3)) and then scoring a context
 * costs O(d^2); the simulator adds one observation at a time with the Sherman-Morrison formula ({@link #updated},
 * O(d^2)). Immutable.
 */
public final class LinearArm {

    private final int dimension;
    private final double[][] inverse;
    private final double[] b;
    private final double[] theta;

    private LinearArm(double[][] inverse, double[] b) {
        this.dimension = b.length;
        this.inverse = inverse;
        this.b = b;
        this.theta = multiply(inverse, b);
    }

    /** An arm without data: A = ridge * I. */
    public static LinearArm prior(int dimension, double ridge) {
        double[][] inverse = new double[dimension][dimension];
        for (int i = 0; i < dimension; i++) {
            inverse[i][i] = 1.0 / ridge;
        }
        return new LinearArm(inverse, new double[dimension]);
    }

    /**
     * The posterior of the sums under the ridge prior.
     *
     * @param ridge the prior precision lambda, > 0: A = lambda I + S is then symmetric positive definite
     */
    public static LinearArm of(LinearSums sums, double ridge) {
        int d = sums.dimension();
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = sums.gramAt(i, j) + (i == j ? ridge : 0.0);
            }
        }
        RealMatrix inverse = new CholeskyDecomposition(MatrixUtils.createRealMatrix(a), 1e-12, 1e-12).getSolver()
                .getInverse();
        double[] b = new double[d];
        for (int i = 0; i < d; i++) {
            b[i] = sums.bAt(i);
        }
        return new LinearArm(inverse.getData(), b);
    }

    public int dimension() {
        return dimension;
    }

    /** The expected reward of context x, x.theta. */
    public double mean(double[] x) {
        return dot(theta, x);
    }

    /**
     * x^T A^-1 x: the posterior variance of x.theta per unit of reward variance. Over x's non-zero slots only: a
     * context's few features (s of d) cost s^2 terms instead of s d, which measured as the largest share of
     * LinUCB's own time per /select (JFR, d = 32, six features).
     */
    public double variance(double[] x) {
        int[] slots = new int[dimension];
        int s = 0;
        for (int i = 0; i < dimension; i++) {
            if (x[i] != 0.0) {
                slots[s++] = i;
            }
        }
        double total = 0;
        for (int a = 0; a < s; a++) {
            double[] row = inverse[slots[a]];
            double sum = 0;
            for (int b = 0; b < s; b++) {
                sum += row[slots[b]] * x[slots[b]];
            }
            total += x[slots[a]] * sum;
        }
        return Math.max(0.0, total);
    }

    /** A^-1 x: with {@code y}, y^T A^-1 x is the posterior covariance of x.theta and y.theta per unit variance. */
    public double[] covarianceTimes(double[] x) {
        return multiply(inverse, x);
    }

    /**
     * This arm after one more reward r for context x: A^-1 by Sherman-Morrison,
     * (A + x x^T)^-1 = A^-1 - (A^-1 x)(x^T A^-1) / (1 + x^T A^-1 x), and b + r x.
     */
    public LinearArm updated(double[] x, double r) {
        double[] ax = multiply(inverse, x);
        double denominator = 1.0 + dot(x, ax);
        double[][] next = new double[dimension][];
        for (int i = 0; i < dimension; i++) {
            double[] row = inverse[i].clone();
            double scale = ax[i] / denominator;
            if (scale != 0.0) {
                for (int j = 0; j < dimension; j++) {
                    row[j] -= scale * ax[j];
                }
            }
            next[i] = row;
        }
        double[] nextB = b.clone();
        for (int i = 0; i < dimension; i++) {
            nextB[i] += r * x[i];
        }
        return new LinearArm(next, nextB);
    }

    private static double[] multiply(double[][] m, double[] x) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = dot(m[i], x);
        }
        return out;
    }

    private static double dot(double[] u, double[] v) {
        double total = 0;
        for (int i = 0; i < u.length; i++) {
            total += u[i] * v[i];
        }
        return total;
    }
}
