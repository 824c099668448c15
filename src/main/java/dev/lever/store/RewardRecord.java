package dev.lever.store;

import java.util.Map;

/**
 * Increments to apply atomically to an experiment's statistics, at most once per decision.
 *
 * @param experiment the experiment id
 * @param epoch the epoch the decision was made under
 * @param decisionToken a unique token of the rewarded decision, or {@code null} for a direct reward that needs
 *     no deduplication
 * @param dedupeMillis how long the store remembers that the decision was rewarded (until it could no longer be)
 * @param increments field name (see {@link StatsFields}) to amount
 */
public record RewardRecord(String experiment, String epoch, String decisionToken, long dedupeMillis,
        Map<String, Double> increments) {
}
