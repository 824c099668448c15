package dev.lever.offline;

import dev.lever.evaluation.Estimate;
import dev.lever.evaluation.Evaluation;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to {@code POST /experiments/{id}/evaluate}: the candidate's estimated reward per decision beside what
 * the logging policy earned, over the same logged decisions.
 *
 * @param experiment the experiment id
 * @param metric the metric whose reward per decision is estimated (the primary one)
 * @param candidate the candidate policy, with every parameter
 * @param decisions the logged decisions used: those whose reward window had closed
 * @param matched the decisions whose arm the candidate could have chosen
 * @param pending the logged decisions left out because their reward window is still open
 * @param effectiveSampleSize Kish's effective sample size of the importance weights
 * @param confidence the intervals' confidence level
 * @param interval how the intervals are computed
 * @param logging the logging policy's observed reward per decision
 * @param ips inverse propensity scoring
 * @param snips self-normalised inverse propensity scoring
 * @param doublyRobust the doubly robust estimate, with the reward model {@code rewardModel}
 * @param rewardModel the doubly robust estimate's reward model: {@code arm-mean} (each arm's mean reward in the
 *     log) for a log without contexts, {@code ridge-per-arm(d=<dimension>)} (a ridge regression per arm on the
 *     contexts' features, fitted on the decisions before each one) for a log with contexts
 * @param from the first log entry read
 * @param to the last log entry read: pass it as {@code since} to evaluate later traffic only
 * @param truncated whether the log held more than {@code lever.decision-log.max-evaluated} entries after
 *     {@code since} (only that many were read)
 * @param propensities where the propensities come from, and why that matters
 */
public record EvaluationView(String experiment, String metric, Map<String, Object> candidate, long decisions,
        long matched, long pending, double effectiveSampleSize, double confidence, String interval, Value logging,
        Value ips, Value snips, Value doublyRobust,
        @Schema(description = "the doubly robust estimate's reward model: arm-mean (each arm's mean reward in the "
                + "log) for a log without contexts, ridge-per-arm(d=<dimension>) (a ridge regression per arm on the "
                + "contexts' features, fitted on the decisions logged before each one) for a log with contexts",
                examples = {"arm-mean", "ridge-per-arm(d=32)"})
        String rewardModel,
        String from, String to, boolean truncated, String propensities) {

    static final String INTERVAL = "normal approximation: value +/- z x standard error";
    static final String PROPENSITIES = "logged: the exact probability with which the logging policy chose each "
            + "logged arm, which is what makes these estimates unbiased (IPS, DR) or consistent (SNIPS)";

    /**
     * One value per decision with its interval.
     *
     * @param value the estimate
     * @param standardError its standard error
     * @param lower the interval's lower end
     * @param upper its upper end
     */
    public record Value(double value, double standardError, double lower, double upper) {

        static Value of(Estimate estimate) {
            return new Value(estimate.value(), estimate.standardError(), estimate.interval().lower(),
                    estimate.interval().upper());
        }
    }

    static EvaluationView of(String experiment, String metric, Map<String, Object> candidate, Evaluation evaluation,
            String rewardModel, long pending, double confidence, String from, String to, boolean truncated) {
        return new EvaluationView(experiment, metric, candidate, evaluation.decisions(), evaluation.matched(), pending,
                evaluation.effectiveSampleSize(), confidence, INTERVAL, Value.of(evaluation.logging()),
                Value.of(evaluation.ips()), Value.of(evaluation.snips()), Value.of(evaluation.doublyRobust()),
                rewardModel, from, to, truncated, PROPENSITIES);
    }
}
