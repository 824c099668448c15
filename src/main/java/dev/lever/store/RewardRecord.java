package dev.lever.store;

import java.util.List;

/**
 * A reward to apply atomically to an experiment's statistics.
 *
 * @param experiment the experiment id
 * @param epoch the epoch the decision was made under
 * @param dedupeMillis how long the store remembers a credited token (until the decision could no longer be
 *     rewarded); 0 for a direct reward, whose credits carry no token
 * @param arm the arm the decision chose
 * @param countsPull whether the reward also counts a pull of the arm (a direct reward, made outside /select)
 * @param unitKey the decision's unit key for an experiment analysed per unit, else {@code null}
 * @param metrics the experiment's metrics, whose unit-level moments the reward updates
 * @param credits the parts of the reward, each applied at most once per token
 * @param atMillis when the reward was received, ms since the Unix epoch: the history bucket it counts in
 */
public record RewardRecord(String experiment, String epoch, long dedupeMillis, String arm, boolean countsPull,
        String unitKey, List<TrackedMetric> metrics, List<Credit> credits, long atMillis) {
}
