package dev.lever.store;

import java.util.Map;

/**
 * An experiment's statistics as of one read of the store.
 *
 * @param arms by arm id; an arm without any record is absent
 */
public record ExperimentStats(Map<String, ArmMoments> arms) {

    public static final ExperimentStats EMPTY = new ExperimentStats(Map.of());

    public ExperimentStats {
        arms = Map.copyOf(arms);
    }

    /** The arm's statistics, empty when nothing was recorded yet. */
    public ArmMoments arm(String id) {
        return arms.getOrDefault(id, ArmMoments.EMPTY);
    }
}
