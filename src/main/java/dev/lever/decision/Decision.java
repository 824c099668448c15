package dev.lever.decision;

/**
 * The answer to {@code POST /select}.
 *
 * @param decisionId the signed id to send back with the reward
 * @param experiment the experiment id
 * @param arm the arm that serves the unit
 * @param propensity the probability that the policy chose this arm for this decision
 * @param policy the policy's type
 */
public record Decision(String decisionId, String experiment, String arm, double propensity, String policy) {
}
