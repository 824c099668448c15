package dev.lever.decision;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to {@code POST /select}.
 *
 * @param decisionId the signed id to send back with the reward
 * @param experiment the experiment id
 * @param arm the arm that serves the unit
 * @param propensity the probability that the policy chose this arm for this decision
 * @param policy the policy's type
 * @param degraded true when the state store could not be reached: the decision was drawn from this replica's last
 *     statistics (a sticky unit gets the policy's choice, its earlier arm unread) and its pull is counted once the
 *     store is back; omitted from the answer otherwise, so normal answers are unchanged
 */
public record Decision(String decisionId, String experiment, String arm, double propensity, String policy,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean degraded) {
}
