package dev.lever.observability;

import io.micrometer.core.instrument.Counter;
import java.util.Map;

/**
 * The counters of one experiment's arms as one definition of it is served, resolved once when a replica loads that
 * definition: a selection costs one map read and one increment, no tag building or registry lookup. An arm without
 * series of its own (beyond the cap) shares the {@code _other} counters.
 */
public final class ExperimentSeries {

    private final Map<String, Counter> selections;
    private final Map<String, Counter[]> rewards;
    private final Counter otherSelections;
    private final Counter[] otherRewards;

    ExperimentSeries(Map<String, Counter> selections, Map<String, Counter[]> rewards, Counter otherSelections,
            Counter[] otherRewards) {
        this.selections = Map.copyOf(selections);
        this.rewards = Map.copyOf(rewards);
        this.otherSelections = otherSelections;
        this.otherRewards = otherRewards;
    }

    /** A selection answered with this arm. */
    public void selected(String arm) {
        selections.getOrDefault(arm, otherSelections).increment();
    }

    /** A reward of this arm and what became of it. */
    public void rewarded(String arm, RewardResult result) {
        rewards.getOrDefault(arm, otherRewards)[result.ordinal()].increment();
    }
}
