package dev.lever.store;

/**
 * A decision to record: one more pull for the arm, and for a sticky experiment the unit's assignment.
 *
 * @param experiment the experiment id
 * @param epoch the epoch the decision was made under
 * @param arm the arm the policy chose
 * @param unit the unit to keep on its first arm, or {@code null} when the experiment is not sticky
 * @param assignment what to remember for a unit seen for the first time: the arm and its propensity,
 *     as written by {@link Assignment#encode}
 * @param returnStats whether to return all of the experiment's statistics in the same round trip
 */
public record Selection(String experiment, String epoch, String arm, String unit, String assignment,
        boolean returnStats) {
}
