package dev.lever.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * The aggregated results of a scenario: per policy, the regret at each checkpoint (mean, 5th and 95th percentile
 * over repetitions), the share of decisions on the best arm, and the final cumulative reward; policies ranked by
 * mean final regret, each compared with the first by the paired differences of their runs.
 *
 * @param scenario the scenario
 * @param checkpoints the steps at which regret was recorded
 * @param policies one summary per policy, best (lowest mean final regret) first
 * @param laiRobbins for a stationary Bernoulli scenario, the Lai–Robbins asymptote slope * ln t at each checkpoint
 *     (an asymptotic rate, not a bound at finite t); {@code null} otherwise
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
     * @param finalRegrets each repetition's final regret, in repetition order: run r of every policy faced the
     *     same reward draws (common random numbers), so runs of two policies pair up by index
     * @param meanPulls per arm, the mean number of decisions it got
     * @param stoppedShare per arm, the share of runs in which the guardrail stopped it
     * @param meanStoppedAt per arm, the mean step at which it was stopped, over the runs that stopped it (NaN when
     *     none did)
     */
    public record PolicySummary(String label, String type, double[] mean, double[] p5, double[] p95,
            double bestArmShare, double meanReward, double[] finalRegrets, double[] meanPulls, double[] stoppedShare,
            double[] meanStoppedAt) {

        public double finalRegret() {
            return mean[mean.length - 1];
        }

        public double finalP95() {
            return p95[p95.length - 1];
        }
    }

    /**
     * A policy against the recommended one: the mean of the paired differences of their final regrets (this
     * policy's minus the recommended one's, run by run over the same draws) with the half-width of its 95% Student
     * t interval. Pairing removes the luck both runs shared, so the interval is much narrower than the two spreads
     * suggest.
     *
     * @param policy the policy compared
     * @param difference mean paired difference of the final regret, >= 0
     * @param halfWidth half-width of the 95% interval of the difference; NaN with fewer than two repetitions
     */
    public record PairedDifference(PolicySummary policy, double difference, double halfWidth) {

        /**
         * Whether the policy is statistically tied with the recommended one: its 95% interval reaches 0 (with a
         * single repetition nothing can be told apart, so nothing is tied).
         */
        public boolean tied() {
            return difference - halfWidth <= 0;
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
            double[] finals = runs.stream().mapToDouble(r -> r.regret()[checkpoints.length - 1]).toArray();
            Scenario.Contender contender = scenario.policies().get(p);
            int k = scenario.arms().size();
            double[] meanPulls = new double[k];
            double[] stoppedShare = new double[k];
            double[] meanStoppedAt = new double[k];
            for (int a = 0; a < k; a++) {
                int arm = a;
                meanPulls[a] = runs.stream().mapToDouble(r -> r.pulls().length > arm ? r.pulls()[arm] : 0).average()
                        .orElse(0);
                long[] stops = runs.stream().mapToLong(r -> r.stoppedAt().length > arm ? r.stoppedAt()[arm] : 0)
                        .filter(at -> at > 0).toArray();
                stoppedShare[a] = runs.isEmpty() ? 0 : (double) stops.length / runs.size();
                meanStoppedAt[a] = Arrays.stream(stops).average().orElse(Double.NaN);
            }
            summaries.add(new PolicySummary(contender.label(), contender.policy().type(), mean, p5, p95, share,
                    reward, finals, meanPulls, stoppedShare, meanStoppedAt));
        }
        summaries.sort(Comparator.comparingDouble(PolicySummary::finalRegret));
        // The asymptote assumes every arm may be played for ever; a guardrail takes some out.
        double[] bound = scenario.stationary() && scenario.kind() == dev.lever.policy.RewardKind.BINARY
                && scenario.guardrail() == null ? laiRobbins(scenario, checkpoints) : null;
        return new Report(scenario, checkpoints, List.copyOf(summaries), bound);
    }

    /** The policy with the lowest mean final regret. */
    public PolicySummary recommended() {
        return policies.get(0);
    }

    /**
     * Every other policy against the recommended one, in rank order. The difference in run r is policy r's final
     * regret minus the recommended policy's in run r; the interval is mean +/- t(0.975, n - 1) * sd / sqrt(n) over
     * the n repetitions (a paired t interval; with 40 runs the mean difference is close to normal whatever the
     * regret's own distribution).
     */
    public List<PairedDifference> againstRecommended() {
        double[] best = recommended().finalRegrets();
        int n = best.length;
        double quantile = n < 2 ? Double.NaN : new TDistribution(null, n - 1).inverseCumulativeProbability(0.975);
        List<PairedDifference> differences = new ArrayList<>();
        for (PolicySummary other : policies.subList(1, policies.size())) {
            double[] d = new double[n];
            for (int r = 0; r < n; r++) {
                d[r] = other.finalRegrets()[r] - best[r];
            }
            double mean = Arrays.stream(d).average().orElse(0);
            double halfWidth = Double.NaN;
            if (n >= 2) {
                double ss = Arrays.stream(d).map(x -> (x - mean) * (x - mean)).sum();
                halfWidth = quantile * Math.sqrt(ss / (n - 1) / n);
            }
            differences.add(new PairedDifference(other, mean, halfWidth));
        }
        return differences;
    }

    /**
     * The Lai–Robbins asymptote for Bernoulli arms (Lai &amp; Robbins, "Asymptotically Efficient Adaptive Allocation
     * Rules", Adv. Appl. Math. 6, 1985): any consistent policy's regret satisfies liminf R(t) / ln t >= sum over
     * suboptimal arms of Delta_i / kl(mu_i, mu*), with kl the Bernoulli Kullback–Leibler divergence. That slope
     * times ln t is what is returned; it bounds the growth rate as t goes to infinity, not the regret at any finite
     * t, where a good policy may well sit below it.
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

    /** The slope of the Lai–Robbins asymptote per unit of ln t. */
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
