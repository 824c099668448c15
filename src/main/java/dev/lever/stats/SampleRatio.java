package dev.lever.stats;

import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * Sample-ratio mismatch: whether the units observed per arm fit the planned split, by Pearson's chi-square
 * goodness-of-fit test (Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments",
 * KDD 2019, who flag p &lt; 0.0005; Lever's default threshold is 0.001). A mismatch means the assignment or the
 * logging is broken, and no other result of the experiment can be trusted.
 *
 * @param pValue the chi-square p-value of the observed counts under the planned weights
 * @param flagged whether {@code pValue} is below the threshold
 */
public record SampleRatio(double pValue, boolean flagged) {

    public static final double DEFAULT_THRESHOLD = 0.001;

    /**
     * @param observed units per arm
     * @param weights planned share per arm, >= 0, summing to 1 within 1e-9; arms of weight 0 must have no units
     * @param threshold p-values below it are flagged, in (0, 0.5]
     */
    public static SampleRatio test(long[] observed, double[] weights, double threshold) {
        InvalidStatisticsArgumentException.requireProbability("threshold", threshold, true, false, 0.5);
        if (observed.length != weights.length || observed.length < 2) {
            throw new InvalidStatisticsArgumentException("weights", "must give one weight per arm, at least two; "
                    + "were " + weights.length + " weights for " + observed.length + " arms");
        }
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0)) {
                throw new InvalidStatisticsArgumentException("weights", "must each be >= 0, was " + w);
            }
            sum += w;
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new InvalidStatisticsArgumentException("weights", "must sum to 1, was " + sum);
        }
        long total = 0;
        int planned = 0;
        for (int i = 0; i < observed.length; i++) {
            if (observed[i] < 0) {
                throw new InvalidStatisticsArgumentException("observed", "must each be >= 0, was " + observed[i]);
            }
            total += observed[i];
            if (weights[i] == 0 && observed[i] > 0) {
                return new SampleRatio(0.0, true);
            }
            planned += weights[i] > 0 ? 1 : 0;
        }
        if (total == 0 || planned < 2) {
            return new SampleRatio(1.0, false);
        }
        double[] expected = new double[planned];
        long[] counts = new long[planned];
        int j = 0;
        for (int i = 0; i < observed.length; i++) {
            if (weights[i] > 0) {
                expected[j] = weights[i] * total;
                counts[j++] = observed[i];
            }
        }
        double p = new ChiSquareTest().chiSquareTest(expected, counts);
        return new SampleRatio(p, p < threshold);
    }
}
