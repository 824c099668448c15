package dev.lever.evaluation;

import dev.lever.stats.Interval;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * Off-policy estimates of a candidate's reward per decision from logged decisions, with importance weights
 * {@code w_i = target_i / propensity_i}. Each is valid only because the logged propensities are the exact
 * probabilities the logging policy chose with, and only where the logging policy gave every arm the candidate may
 * choose a probability above 0 (see {@link Replay}).
 *
 * <p>Intervals are normal approximations at the given confidence, {@code value +/- z x se}:
 * <ul>
 *   <li>IPS (Horvitz &amp; Thompson 1952): {@code V = mean(w_i r_i)}, {@code se = sd(w_i r_i) / sqrt(n)}.
 *   Unbiased; its variance grows with the weights.</li>
 *   <li>Self-normalised IPS (Swaminathan &amp; Joachims 2015, "The Self-Normalized Estimator for Counterfactual
 *   Learning"): {@code V = sum(w_i r_i) / sum(w_i)}, {@code se^2 = sum(w_i^2 (r_i - V)^2) / (sum w_i)^2} (the delta
 *   method). Slightly biased, consistent, and much less variable when weights are large.</li>
 *   <li>Doubly robust (Dudik, Langford &amp; Li 2011, "Doubly Robust Policy Evaluation and Learning"):
 *   {@code V = mean(d_i + w_i (r_i - m(x_i, a_i)))} with {@code d_i = sum_a target_i(a) m(x_i, a)} and the reward
 *   model {@code m} of {@link RewardModel} (each arm's mean, or a progressive ridge regression per arm on the
 *   context's features); {@code se = sd / sqrt(n)}. Unbiased when the propensities are right, whatever the model;
 *   the closer the model, the smaller the variance.</li>
 * </ul>
 */
public final class OffPolicyEstimators {

    private OffPolicyEstimators() {
    }

    /**
     * The estimates from a replay's samples.
     *
     * @param samples at least two
     * @param confidence the intervals' confidence level, in (0, 1), e.g. 0.95
     * @throws UnsupportedCandidateException when no logged decision chose an arm the candidate would have (every
     *     weight is 0: the log says nothing about the candidate)
     */
    public static Evaluation evaluate(List<Sample> samples, double confidence) {
        if (samples.size() < 2) {
            throw new IllegalArgumentException("at least 2 samples are needed, were " + samples.size());
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
        }
        double z = new NormalDistribution().inverseCumulativeProbability(0.5 + confidence / 2);
        SummaryStatistics logging = new SummaryStatistics();
        SummaryStatistics ips = new SummaryStatistics();
        SummaryStatistics dr = new SummaryStatistics();
        double weightSum = 0;
        double weightSquares = 0;
        double weightedRewards = 0;
        long matched = 0;
        for (Sample s : samples) {
            double w = s.weight();
            logging.addValue(s.reward());
            ips.addValue(w * s.reward());
            dr.addValue(s.direct() + w * (s.reward() - s.modelled()));
            weightSum += w;
            weightSquares += w * w;
            weightedRewards += w * s.reward();
            matched += w > 0 ? 1 : 0;
        }
        if (weightSum == 0) {
            throw new UnsupportedCandidateException("none of the " + samples.size() + " logged decisions chose an arm "
                    + "the candidate would have chosen: the log says nothing of the candidate");
        }
        double snips = weightedRewards / weightSum;
        double snipsSquares = 0;
        for (Sample s : samples) {
            double w = s.weight();
            snipsSquares += w * w * (s.reward() - snips) * (s.reward() - snips);
        }
        return new Evaluation(samples.size(), mean(logging, z), mean(ips, z),
                estimate(snips, Math.sqrt(snipsSquares) / weightSum, z), mean(dr, z),
                weightSum * weightSum / weightSquares, matched);
    }

    private static Estimate mean(SummaryStatistics values, double z) {
        return estimate(values.getMean(), values.getStandardDeviation() / Math.sqrt(values.getN()), z);
    }

    private static Estimate estimate(double value, double standardError, double z) {
        return new Estimate(value, standardError, new Interval(value - z * standardError, value + z * standardError));
    }
}
