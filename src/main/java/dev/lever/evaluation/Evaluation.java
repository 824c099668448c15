package dev.lever.evaluation;

/**
 * What the log says of a candidate policy, beside what the logging policy earned.
 *
 * @param decisions the logged decisions used
 * @param logging the logging policy's observed reward per decision
 * @param ips the inverse propensity scoring estimate of the candidate's reward per decision
 * @param snips the self-normalised estimate
 * @param doublyRobust the doubly robust estimate
 * @param effectiveSampleSize Kish's effective sample size of the importance weights, {@code (sum w)^2 / sum w^2}:
 *     how many decisions of the candidate's own the weighted log is worth
 * @param matched the decisions whose arm the candidate could have chosen (importance weight above 0)
 */
public record Evaluation(long decisions, Estimate logging, Estimate ips, Estimate snips, Estimate doublyRobust,
        double effectiveSampleSize, long matched) {
}
