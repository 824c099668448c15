package dev.lever.store;

import java.util.List;

/**
 * A reward to apply atomically to an experiment's statistics.
 *
 * @param experiment the experiment id
 * @param epoch the epoch the decision was made under
 * @param dedupeMillis how long the store remembers a credited token (until the decision could no longer be
 *     rewarded); 0 for a direct reward, whose credits carry no token
 * @param credits the parts of the reward, each applied at most once per token
 */
public record RewardRecord(String experiment, String epoch, long dedupeMillis, List<Credit> credits) {
}
