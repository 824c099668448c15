package dev.lever.history;

import java.util.HashMap;
import java.util.Map;

/**
 * What one arm gathered in one bucket.
 *
 * @param pulls decisions that chose the arm (a direct reward counts one)
 * @param allocationSum the sum, over the bucket's decisions, of the probability the policy gave the arm; divided by
 *     the bucket's {@link BucketTotals#decisions()} it is the arm's mean allocation in the bucket
 * @param metrics values received, by metric id
 */
public record ArmTotals(long pulls, double allocationSum, Map<String, MetricTotals> metrics) {

    public static final ArmTotals EMPTY = new ArmTotals(0, 0.0, Map.of());

    public ArmTotals {
        metrics = Map.copyOf(metrics);
    }

    public MetricTotals metric(String id) {
        return metrics.getOrDefault(id, MetricTotals.EMPTY);
    }

    public ArmTotals plus(ArmTotals other) {
        Map<String, MetricTotals> merged = new HashMap<>(metrics);
        other.metrics.forEach((id, totals) -> merged.merge(id, totals, MetricTotals::plus));
        return new ArmTotals(pulls + other.pulls, allocationSum + other.allocationSum, merged);
    }
}
