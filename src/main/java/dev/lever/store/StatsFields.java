package dev.lever.store;

import dev.lever.policy.ArmStats;
import java.util.Map;

/**
 * Names of the fields of an experiment's statistics, shared by both stores: {@code <arm>:n} counts the arm's pulls
 * and {@code <arm>:<metric>:c|s|q} the count, sum and sum of squares of a metric's values. Arm and metric ids cannot
 * contain a colon, so the names never collide.
 */
public final class StatsFields {

    /** The metric of a bandit experiment's single reward. */
    public static final String REWARD = "reward";

    private StatsFields() {
    }

    public static String pulls(String arm) {
        return arm + ":n";
    }

    public static String count(String arm, String metric) {
        return arm + ":" + metric + ":c";
    }

    public static String sum(String arm, String metric) {
        return arm + ":" + metric + ":s";
    }

    public static String sumOfSquares(String arm, String metric) {
        return arm + ":" + metric + ":q";
    }

    /** Adds the increments of one received value of a metric to {@code increments}. */
    public static void addValue(Map<String, Double> increments, String arm, String metric, double value) {
        increments.merge(count(arm, metric), 1.0, Double::sum);
        increments.merge(sum(arm, metric), value, Double::sum);
        increments.merge(sumOfSquares(arm, metric), value * value, Double::sum);
    }

    /** One arm's statistics for one metric, zeros where nothing was recorded yet. */
    public static ArmStats armStats(Map<String, Double> fields, String arm, String metric) {
        return new ArmStats(
                fields.getOrDefault(pulls(arm), 0.0).longValue(),
                fields.getOrDefault(count(arm, metric), 0.0).longValue(),
                fields.getOrDefault(sum(arm, metric), 0.0),
                Math.max(0.0, fields.getOrDefault(sumOfSquares(arm, metric), 0.0)));
    }
}
