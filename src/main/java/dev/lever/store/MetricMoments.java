package dev.lever.store;

import dev.lever.stats.UnitMoments;

/**
 * One arm's statistics of one metric.
 *
 * @param count the values received (decision level)
 * @param sum their sum (exact for whole numbers: a binary metric's successes)
 * @param sumOfSquaredDeviations their centred second moment, sum((value - mean)^2)
 * @param units the unit-level moments, {@link UnitMoments#EMPTY} for an experiment analysed per decision
 */
public record MetricMoments(long count, double sum, double sumOfSquaredDeviations, UnitMoments units) {

    public static final MetricMoments EMPTY = new MetricMoments(0, 0, 0, UnitMoments.EMPTY);

    /** The mean of the values received, 0 before the first. */
    public double mean() {
        return count == 0 ? 0.0 : sum / count;
    }
}
