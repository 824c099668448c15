package dev.lever.policy;

import java.util.Arrays;

/**
 * What a contextual policy needs to know about one arm: the sufficient statistics of a ridge regression of its
 * rewards on the feature vectors of its decisions, the Gram matrix S = sum of x x^T and the vector b = sum of r x
 * over the n rewarded decisions (Li, Chu, Langford &amp; Schapire, "A Contextual-Bandit Approach to Personalized News
 * Article Recommendation", WWW 2010, algorithm 1: A = I + S). Sums, not the inverse, are what the store keeps: they
 * add up exactly in any order, so concurrent rewards commute.
 *
 * @param dimension d
 * @param gram the upper triangle of S, row by row: S[i][j] for i &lt;= j at {@link #packed(int, int, int)}
 * @param b the d-vector b
 * @param n how many rewards the sums hold
 */
public record LinearSums(int dimension, double[] gram, double[] b, long n) {

    public LinearSums {
        if (gram.length != packedSize(dimension) || b.length != dimension) {
            throw new IllegalArgumentException("a " + dimension + "-dimensional arm needs " + packedSize(dimension)
                    + " Gram entries and " + dimension + " b entries, had " + gram.length + " and " + b.length);
        }
        gram = gram.clone();
        b = b.clone();
    }

    /** An arm without rewards. */
    public static LinearSums empty(int dimension) {
        return new LinearSums(dimension, new double[packedSize(dimension)], new double[dimension], 0);
    }

    /** The number of entries of the packed upper triangle of a d x d matrix, d (d + 1) / 2. */
    public static int packedSize(int dimension) {
        return dimension * (dimension + 1) / 2;
    }

    /** Where S[i][j], i &lt;= j, sits in the packed upper triangle. */
    public static int packed(int i, int j, int dimension) {
        return i * dimension - i * (i - 1) / 2 + (j - i);
    }

    /** These sums with one more reward r for the (dense) feature vector x. */
    public LinearSums plus(double[] x, double r) {
        double[] g = gram.clone();
        double[] v = b.clone();
        for (int i = 0; i < dimension; i++) {
            if (x[i] == 0.0) {
                continue;
            }
            v[i] += r * x[i];
            for (int j = i; j < dimension; j++) {
                g[packed(i, j, dimension)] += x[i] * x[j];
            }
        }
        return new LinearSums(dimension, g, v, n + 1);
    }

    @Override
    public double[] gram() {
        return gram.clone();
    }

    @Override
    public double[] b() {
        return b.clone();
    }

    double gramAt(int i, int j) {
        return i <= j ? gram[packed(i, j, dimension)] : gram[packed(j, i, dimension)];
    }

    double bAt(int i) {
        return b[i];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LinearSums s && s.dimension == dimension && s.n == n && Arrays.equals(s.gram, gram)
                && Arrays.equals(s.b, b);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(gram) * 31 + Arrays.hashCode(b);
    }
}
