package dev.lever.stats;

/**
 * One arm's estimate of a metric with the variance of that estimate (its squared standard error).
 *
 * @param value the estimate: a rate, a mean per unit or a ratio of means
 * @param variance the estimated variance of {@code value}, finite and >= 0
 * @param units the number of independent units behind it (decisions for decision-level data), >= 0
 * @param degreesOfFreedom the degrees of freedom of its t reference distribution, > 0;
 *        {@link Double#POSITIVE_INFINITY} when the large-sample normal approximation is used
 */
public record Estimate(double value, double variance, long units, double degreesOfFreedom) {

    public Estimate {
        if (!Double.isFinite(value)) {
            throw new InvalidStatisticsArgumentException("value", "must be finite, was " + value);
        }
        if (!(variance >= 0 && Double.isFinite(variance))) {
            throw new InvalidStatisticsArgumentException("variance", "must be a finite number >= 0, was "
                    + variance);
        }
        if (units < 0) {
            throw new InvalidStatisticsArgumentException("units", "must be >= 0, was " + units);
        }
        if (!(degreesOfFreedom > 0)) {
            throw new InvalidStatisticsArgumentException("degreesOfFreedom", "must be > 0 (or infinite), was "
                    + degreesOfFreedom);
        }
    }

    /** The standard error, sqrt(variance). */
    public double standardError() {
        return Math.sqrt(variance);
    }
}
