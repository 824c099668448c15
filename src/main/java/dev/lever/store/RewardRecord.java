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
 * @param logged whether each credit that counts is appended to the experiment's decision log, joined to its
 *     decision by the token before the credit token's first {@code '.'} (a reward of a decision only)
 * @param linear for a decision of a contextual policy, what the primary metric's fresh credit adds to the arm's
 *     linear totals; else {@code null}
 */
public record RewardRecord(String experiment, String epoch, long dedupeMillis, String arm, boolean countsPull,
        String unitKey, List<TrackedMetric> metrics, List<Credit> credits, long atMillis, boolean logged,
        LinearUpdate linear) {

    /** A reward that updates no linear totals. */
    public RewardRecord(String experiment, String epoch, long dedupeMillis, String arm, boolean countsPull,
            String unitKey, List<TrackedMetric> metrics, List<Credit> credits, long atMillis, boolean logged) {
        this(experiment, epoch, dedupeMillis, arm, countsPull, unitKey, metrics, credits, atMillis, logged, null);
    }

    /** A reward that is not logged. */
    public RewardRecord(String experiment, String epoch, long dedupeMillis, String arm, boolean countsPull,
            String unitKey, List<TrackedMetric> metrics, List<Credit> credits, long atMillis) {
        this(experiment, epoch, dedupeMillis, arm, countsPull, unitKey, metrics, credits, atMillis, false);
    }

    /** The token of the rewarded decision a credit token belongs to. */
    static String decisionOf(String creditToken) {
        int dot = creditToken.indexOf('.');
        return dot < 0 ? creditToken : creditToken.substring(0, dot);
    }
}
