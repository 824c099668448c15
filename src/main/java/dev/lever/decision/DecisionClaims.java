package dev.lever.decision;

/**
 * What a decision id says, protected by its signature.
 *
 * @param experiment the experiment id
 * @param epoch the experiment's epoch when the decision was made
 * @param arm the arm that was chosen
 * @param expiresAtMillis the end of the reward window, in milliseconds since the epoch
 * @param token unique per decision: the key that deduplicates its reward
 * @param unitKey the unit's key in an experiment analysed per unit (user or session split), else {@code null}
 * @param features the decision's features, for a contextual policy, else {@code null}
 */
record DecisionClaims(String experiment, String epoch, String arm, long expiresAtMillis, String token,
        String unitKey, dev.lever.context.Features features) {

    /** The key of a unit's records: its 64-bit hash, in base 36. */
    static String unitKey(long unitHash) {
        return Long.toUnsignedString(unitHash, 36);
    }
}
