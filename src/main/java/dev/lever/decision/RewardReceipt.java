package dev.lever.decision;

/**
 * The answer to {@code POST /reward}.
 *
 * @param status {@code accepted}, or {@code duplicate} when the decision had already been rewarded (then nothing
 *     was counted)
 * @param experiment the experiment credited
 * @param arm the arm credited
 */
public record RewardReceipt(String status, String experiment, String arm) {

    static final String ACCEPTED = "accepted";
    static final String DUPLICATE = "duplicate";
}
