package dev.lever.store;

/**
 * What the store answered to a {@link Selection}.
 *
 * @param current false when the experiment was deleted or recreated since the caller read it (nothing recorded)
 * @param assignment the arm that was counted and its propensity: the chosen one, or a sticky unit's earlier arm
 * @param version the experiment definition's current version
 * @param stats the statistics after the update when they were asked for, otherwise {@code null}
 * @param degraded true when the store could not be reached: the pull is kept in this replica until it can, the
 *     assignment is the chosen one (a sticky unit's earlier arm could not be read), and the version is unknown (0)
 */
public record SelectionOutcome(boolean current, Assignment assignment, long version, ExperimentStats stats,
        boolean degraded) {

    public static final SelectionOutcome STALE = new SelectionOutcome(false, null, 0, null);

    public SelectionOutcome(boolean current, Assignment assignment, long version, ExperimentStats stats) {
        this(current, assignment, version, stats, false);
    }

    /** The store could not be reached; the selection's pull (if any) is kept in this replica. */
    public static SelectionOutcome degraded(Assignment chosen) {
        return new SelectionOutcome(true, chosen, 0, null, true);
    }
}
