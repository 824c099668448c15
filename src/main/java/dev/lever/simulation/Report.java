package dev.lever.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * The aggregated results of a scenario: per policy, the regret at each checkpoint (mean, 5th and 95th percentile
 * over repetitions), the share of decisions on the best arm, and the final cumulative reward; policies ranked by
 * mean final regret.
 *
 * @param scenario the scenario
 * @param checkpoints the steps at which regret was recorded
 * @param policies one summary per policy, best (lowest mean final regret) first
 * @param laiRobbins for a stationary Bernoulli scenario, the Lai–Robbins lower bound of the regret at each
 *     checkpoint; {@code null} otherwise
 */
public record Report(Scenario scenario, long[] checkpoints, List<PolicySummary> policies, double[] laiRobbins) {

    /**
     * One policy's results.
     *
     * @param label the policy's label
     * @param type the policy's type
     * @param mean mean regret at each checkpoint
     * @param p5 5th percentile of the regret at each checkpoint
     * @param p95 95th percentile of the regret at each checkpoint
     * @param bestArmShare mean share of decisions that chose an arm that was best at the time
     * @param meanReward mean final cumulative reward
     */
    public record PolicySummary(String label, String type, double[] mean, double[] p5, double[] p95,
            double bestArmShare, double meanReward) {

        public double finalRegret() {
            return mean[mean.length - 1];
        }
    }

    static Report of(Scenario scenario, long[] checkpoints, List<List<Run.Result>> results) {
        List<PolicySummary> summaries = new ArrayList<>();
        Percentile percentile = new Percentile();
        for (int p = 0; p < results.size(); p++) {
            List<Run.Result> runs = results.get(p);
            double[] mean = new double[checkpoints.length];
            double[] p5 = new double[checkpoints.length];
            double[] p95 = new double[checkpoints.length];
            for (int c = 0; c < checkpoints.length; c++) {
                int column = c;
                double[] values = runs.stream().mapToDouble(r -> r.regret()[column]).toArray();
                mean[c] = Arrays.stream(values).average().orElse(0);
                percentile.setData(values);
                p5[c] = percentile.evaluate(5);
                p95[c] = percentile.evaluate(95);
            }
            double share = runs.stream().mapToDouble(r -> (double) r.bestPulls() / scenario.horizon()).average()
                    .orElse(0);
            double reward = runs.stream().mapToDouble(Run.Result::totalReward).average().orElse(0);
            Scenario.Contender contender = scenario.policies().get(p);
            summaries.add(new PolicySummary(contender.label(), contender.policy().type(), mean, p5, p95, share,
                    reward));
        }
        summaries.sort(Comparator.comparingDouble(PolicySummary::finalRegret));
        double[] bound = scenario.stationary() && scenario.kind() == dev.lever.policy.RewardKind.BINARY
                ? laiRobbins(scenario, checkpoints) : null;
        return new Report(scenario, checkpoints, List.copyOf(summaries), bound);
    }

    /** The policy with the lowest mean final regret. */
    public PolicySummary recommended() {
        return policies.get(0);
    }

    /**
     * The Lai–Robbins asymptotic lower bound on the regret of any consistent policy for Bernoulli arms
     * (Lai &amp; Robbins, "Asymptotically Efficient Adaptive Allocation Rules", Adv. Appl. Math. 6, 1985):
     * sum over suboptimal arms of Delta_i / kl(mu_i, mu*) * ln t, with kl the Bernoulli Kullback–Leibler divergence.
     */
    static double[] laiRobbins(Scenario scenario, long[] checkpoints) {
        double best = scenario.arms().stream().mapToDouble(ArmModel::mean).max().orElseThrow();
        double slope = 0;
        for (ArmModel arm : scenario.arms()) {
            double gap = best - arm.mean();
            if (gap > 0) {
                slope += gap / bernoulliKl(arm.mean(), best);
            }
        }
        double[] bound = new double[checkpoints.length];
        for (int c = 0; c < checkpoints.length; c++) {
            bound[c] = slope * Math.log(checkpoints[c]);
        }
        return bound;
    }

    /** The slope of the Lai–Robbins bound per unit of ln t. */
    public double laiRobbinsSlope() {
        return laiRobbins == null ? Double.NaN : laiRobbins[laiRobbins.length - 1]
                / Math.log(checkpoints[checkpoints.length - 1]);
    }

    /** kl(p, q) = p ln(p/q) + (1 - p) ln((1 - p)/(1 - q)). */
    static double bernoulliKl(double p, double q) {
        double eps = 1e-15;
        p = Math.min(Math.max(p, eps), 1 - eps);
        q = Math.min(Math.max(q, eps), 1 - eps);
        return p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
    }
}
