package dev.lever.observability;

import java.util.Locale;

/** The {@code outcome} label of {@code lever_rewards_total}: what became of a reward tied to an experiment's arm. */
public enum RewardResult {
    /** Counted: answered {@code accepted}. */
    ACCEPTED,
    /** Not counted again: answered {@code duplicate}, the decision had already been credited with every metric sent. */
    DUPLICATE,
    /** Too late: answered 410, the reward window closed or the experiment was deleted or recreated since. */
    EXPIRED,
    /** Refused for any other reason: a value or metric the experiment does not allow, or the store unreachable. */
    REJECTED;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The label value. */
    public String label() {
        return label;
    }
}
