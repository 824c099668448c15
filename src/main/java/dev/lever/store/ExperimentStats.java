package dev.lever.store;

import java.util.Map;

/**
 * An experiment's statistics as of one read of the store.
 *
 * @param arms by arm id; an arm without any record is absent
 * @param linear the totals of a contextual policy's per-arm regressions, by arm id (an arm without any is absent),
 *     and those of the shared model under {@link LinearUpdate#SHARED_ENTRY}
 */
public record ExperimentStats(Map<String, ArmMoments> arms, Map<String, LinearTotals> linear) {

    public static final ExperimentStats EMPTY = new ExperimentStats(Map.of());

    public ExperimentStats {
        arms = Map.copyOf(arms);
        linear = Map.copyOf(linear);
    }

    /** Statistics without linear totals. */
    public ExperimentStats(Map<String, ArmMoments> arms) {
        this(arms, Map.of());
    }

    /** The totals of the shared linear model, empty when no reward of a shared-model decision was credited. */
    public LinearTotals shared() {
        return linear(LinearUpdate.SHARED_ENTRY);
    }

    /** The arm's linear totals, empty when no contextual reward was credited to it. */
    public LinearTotals linear(String id) {
        return linear.getOrDefault(id, LinearTotals.EMPTY);
    }

    /** The arm's statistics, empty when nothing was recorded yet. */
    public ArmMoments arm(String id) {
        return arms.getOrDefault(id, ArmMoments.EMPTY);
    }
}
