package dev.lever.store;

/** What the store did with a {@link RewardRecord}. */
public enum RewardOutcome {
    /** The increments were applied. */
    ACCEPTED,
    /** The decision had already been rewarded: nothing was applied. */
    DUPLICATE,
    /** The experiment was deleted or recreated since the decision: nothing was applied. */
    STALE
}
