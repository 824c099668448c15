package dev.lever.store;

import dev.lever.policy.ArmStats;
import dev.lever.policy.Policy;
import java.util.Map;

/**
 * What the store knows about one arm.
 *
 * @param pulls how often the arm was chosen (a direct reward counts one pull)
 * @param units the distinct units counted in the arm, for an experiment analysed per unit (else 0)
 * @param metrics by metric id
 * @param discounted by metric id, for an experiment whose policy discounts evidence ({@link Decay}): the arm's pulls
 *     and the metric's values with each observation weighing 2^(-age / half-life), as of the read; else empty
 */
public record ArmMoments(long pulls, long units, Map<String, MetricMoments> metrics,
        Map<String, ArmStats> discounted) {

    public static final ArmMoments EMPTY = new ArmMoments(0, 0, Map.of());

    public ArmMoments {
        metrics = Map.copyOf(metrics);
        discounted = Map.copyOf(discounted);
    }

    /** An arm without discounted statistics. */
    public ArmMoments(long pulls, long units, Map<String, MetricMoments> metrics) {
        this(pulls, units, metrics, Map.of());
    }

    /** The metric's statistics, empty when nothing was recorded yet. */
    public MetricMoments metric(String id) {
        return metrics.getOrDefault(id, MetricMoments.EMPTY);
    }

    /** What a bandit policy sees of the arm for the given metric. */
    public ArmStats armStats(String metric) {
        MetricMoments m = metric(metric);
        double sumOfSquares = m.sumOfSquaredDeviations() + m.count() * m.mean() * m.mean();
        return new ArmStats(pulls, m.count(), m.sum(), Math.max(0.0, sumOfSquares));
    }

    /** What a discounting policy sees of the arm for the given metric: its discounted sums, empty when none. */
    public ArmStats discountedStats(String metric) {
        return discounted.getOrDefault(metric, ArmStats.EMPTY);
    }

    /** What {@code policy} learns from for the given metric: the discounted sums if it discounts, else the plain ones. */
    public ArmStats seenBy(Policy policy, String metric) {
        return policy.discount().isPresent() ? discountedStats(metric) : armStats(metric);
    }
}
