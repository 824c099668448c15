package dev.lever.history;

import java.util.HashMap;
import java.util.Map;

/**
 * What an experiment gathered in one bucket.
 *
 * @param startMillis the bucket's start, ms since the Unix epoch
 * @param decisions the decisions whose allocation was recorded: the denominator of each arm's mean allocation
 * @param arms by arm id; an arm with nothing in the bucket is absent
 */
public record BucketTotals(long startMillis, long decisions, Map<String, ArmTotals> arms) {

    public BucketTotals {
        arms = Map.copyOf(arms);
    }

    public static BucketTotals empty(long startMillis) {
        return new BucketTotals(startMillis, 0, Map.of());
    }

    public ArmTotals arm(String id) {
        return arms.getOrDefault(id, ArmTotals.EMPTY);
    }

    /** This bucket's pulls, over all arms. */
    public long pulls() {
        return arms.values().stream().mapToLong(ArmTotals::pulls).sum();
    }

    /** Both buckets' totals, under this bucket's start. */
    public BucketTotals plus(BucketTotals other) {
        Map<String, ArmTotals> merged = new HashMap<>(arms);
        other.arms.forEach((id, totals) -> merged.merge(id, totals, ArmTotals::plus));
        return new BucketTotals(startMillis, decisions + other.decisions, merged);
    }

    /**
     * The arm's mean allocation in this bucket: the average, over the bucket's decisions, of the probability the
     * policy gave it; {@code null} when no decision was recorded.
     */
    public Double allocation(String arm) {
        return decisions == 0 ? null : arm(arm).allocationSum() / decisions;
    }
}
