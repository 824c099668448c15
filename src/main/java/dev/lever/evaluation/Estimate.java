package dev.lever.evaluation;

import dev.lever.stats.Interval;

/**
 * A value per decision with its confidence interval.
 *
 * @param value the point estimate
 * @param standardError its estimated standard error
 * @param interval the normal-approximation interval {@code value +/- z x standardError}
 */
public record Estimate(double value, double standardError, Interval interval) {
}
