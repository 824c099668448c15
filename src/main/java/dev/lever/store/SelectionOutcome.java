package dev.lever.store;

/**
 * What the store answered to a {@link Selection}.
 *
 * @param current false when the experiment was deleted or recreated since the caller read it (nothing recorded)
 * @param assignment the arm that was counted and its propensity: the chosen one, or a sticky unit's earlier arm
 * @param version the experiment definition's current version
 * @param stats the statistics after the update when they were asked for, otherwise {@code null}
 */
public record SelectionOutcome(boolean current, Assignment assignment, long version, ExperimentStats stats) {

    public static final SelectionOutcome STALE = new SelectionOutcome(false, null, 0, null);
}
