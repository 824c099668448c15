package dev.lever.history;

/**
 * One metric's values received by one arm in one bucket.
 *
 * @param count how many values
 * @param sum their sum
 */
public record MetricTotals(long count, double sum) {

    public static final MetricTotals EMPTY = new MetricTotals(0, 0.0);

    public MetricTotals plus(MetricTotals other) {
        return new MetricTotals(count + other.count, sum + other.sum);
    }
}
