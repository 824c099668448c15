package dev.lever.decision;

/**
 * The body of {@code POST /reward}: either a decision id, or an experiment and an arm for a reward observed outside
 * {@code /select}.
 *
 * @param decisionId the id {@code /select} returned
 * @param experiment with {@code arm}, instead of a decision id: credit this experiment's arm directly
 * @param arm the arm to credit directly
 * @param reward the reward: 0 or 1 for a binary experiment, any finite number for a continuous one
 */
public record RewardRequest(String decisionId, String experiment, String arm, Double reward) {
}
