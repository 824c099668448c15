package dev.lever.store;

import dev.lever.policy.ArmStats;
import java.util.Map;

/**
 * What the store knows about one arm.
 *
 * @param pulls how often the arm was chosen (a direct reward counts one pull)
 * @param units the distinct units counted in the arm, for an experiment analysed per unit (else 0)
 * @param metrics by metric id
 */
public record ArmMoments(long pulls, long units, Map<String, MetricMoments> metrics) {

    public static final ArmMoments EMPTY = new ArmMoments(0, 0, Map.of());

    public ArmMoments {
        metrics = Map.copyOf(metrics);
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
}
