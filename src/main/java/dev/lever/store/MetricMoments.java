package dev.lever.store;

import dev.lever.stats.UnitMoments;

/**
 * One arm's statistics of one metric.
 *
 * @param count the values received (decision level)
 * @param mean their mean
 * @param sumOfSquaredDeviations their centred second moment, sum((value - mean)^2)
 * @param units the unit-level moments, {@link UnitMoments#EMPTY} for an experiment analysed per decision
 */
public record MetricMoments(long count, double mean, double sumOfSquaredDeviations, UnitMoments units) {

    public static final MetricMoments EMPTY = new MetricMoments(0, 0, 0, UnitMoments.EMPTY);

    /** The sum of the values received. */
    public double sum() {
        return count * mean;
    }
}
