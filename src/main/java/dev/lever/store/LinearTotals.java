package dev.lever.store;

import dev.lever.context.FeatureSpace;
import dev.lever.policy.LinearSums;
import java.util.Map;

/**
 * One arm's totals for a contextual policy's ridge regression, as the store keeps them: only the entries some
 * rewarded context touched (contexts are sparse, so most of the d x d Gram matrix stays 0 and is never stored).
 *
 * @param count the rewards added
 * @param b slot i to the i-th entry of b = sum of r x
 * @param gram {@link #cell(int, int)} of (i, j), i &lt;= j, to S[i][j] of S = sum of x x^T
 */
public record LinearTotals(long count, Map<Integer, Double> b, Map<Integer, Double> gram) {

    public static final LinearTotals EMPTY = new LinearTotals(0, Map.of(), Map.of());

    public LinearTotals {
        b = Map.copyOf(b);
        gram = Map.copyOf(gram);
    }

    /** The key of Gram entry (i, j), i &lt;= j, in {@link #gram()}. */
    static int cell(int i, int j) {
        return i * FeatureSpace.MAX_DIMENSION + j;
    }

    /** The totals as the policy reads them, for a feature space of the given dimension. */
    public LinearSums sums(int dimension) {
        double[] packed = new double[LinearSums.packedSize(dimension)];
        double[] vector = new double[dimension];
        b.forEach((i, value) -> {
            if (i < dimension) {
                vector[i] = value;
            }
        });
        gram.forEach((cell, value) -> {
            int i = cell / FeatureSpace.MAX_DIMENSION;
            int j = cell % FeatureSpace.MAX_DIMENSION;
            if (j < dimension) {
                packed[LinearSums.packed(i, j, dimension)] = value;
            }
        });
        return new LinearSums(dimension, packed, vector, count);
    }
}
