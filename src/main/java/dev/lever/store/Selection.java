package dev.lever.store;

/**
 * A decision to record: one more pull for the arm, for a sticky experiment the unit's assignment, and for an
 * experiment analysed per unit the unit's exposure.
 *
 * @param experiment the experiment id
 * @param epoch the epoch the decision was made under
 * @param chosen the arm the policy chose and its propensity (what a unit seen for the first time keeps)
 * @param sticky the unit to keep on its first arm, or {@code null} when the experiment is not sticky
 * @param unit the unit-level part, or {@code null} when the experiment is analysed per decision
 * @param returnStats whether to return all of the experiment's statistics in the same round trip
 * @param atMillis when the decision was made, ms since the Unix epoch: the history bucket its pull counts in
 * @param allocation the allocation the decision was drawn from, for the history's mean allocation; {@code null} when
 *     it is recorded elsewhere (a buffer that adds it with the next batch)
 * @param log the decision's entry in the experiment's decision log (with the chosen assignment; the store logs the
 *     one it counted), or {@code null} when the experiment keeps no log
 */
public record Selection(String experiment, String epoch, Assignment chosen, Sticky sticky, UnitLevel unit,
        boolean returnStats, long atMillis, Allocation allocation, LogEntry.Decision log) {

    /** A selection of an experiment that keeps no decision log. */
    public Selection(String experiment, String epoch, Assignment chosen, Sticky sticky, UnitLevel unit,
            boolean returnStats, long atMillis, Allocation allocation) {
        this(experiment, epoch, chosen, sticky, unit, returnStats, atMillis, allocation, null);
    }

    /** This selection without its allocation and log entry, once those are recorded elsewhere. */
    Selection withoutAllocation() {
        return new Selection(experiment, epoch, chosen, sticky, unit, returnStats, atMillis, null, null);
    }
}
