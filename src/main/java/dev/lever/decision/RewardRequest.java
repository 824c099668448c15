package dev.lever.decision;

import java.util.Map;

/**
 * The body of {@code POST /reward}: either a decision id, or an experiment and an arm for a reward observed outside
 * {@code /select}.
 *
 * @param decisionId the id {@code /select} returned
 * @param experiment with {@code arm}, instead of a decision id: credit this experiment's arm directly
 * @param arm the arm to credit directly
 * @param reward the value of the experiment's primary metric: 0 or 1 when it is binary, any finite number when it
 *     is continuous
 * @param metrics instead of {@code reward}: values of one or more of the experiment's metrics by id; each metric
 *     of a decision is counted at most once, so metrics may arrive in separate calls
 */
public record RewardRequest(String decisionId, String experiment, String arm, Double reward,
        Map<String, Double> metrics) {
}
