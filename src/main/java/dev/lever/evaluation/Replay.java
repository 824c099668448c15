package dev.lever.evaluation;

import dev.lever.policy.ArmStats;
import dev.lever.policy.Policy;
import dev.lever.policy.RewardKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Replays a decision log through a candidate policy: at each logged decision, the candidate's allocation over its
 * arms, given the statistics the log holds up to that decision.
 *
 * <p>What the candidate knows at a decision: every logged decision before it counts one pull of its arm, and every
 * logged reward before it (in log order) adds its value, exactly as the service's statistics grow. Like the
 * service, which draws decisions from a snapshot of statistics refreshed now and then, the candidate's allocation is
 * recomputed every {@code refreshEvery} decisions, which also bounds the cost of a Monte-Carlo allocation (Thompson
 * sampling). The statistics are the logging policy's: an adaptive candidate is evaluated as if it had learnt from
 * the logged decisions, not from its own (the replay's usual approximation; exact for a candidate whose allocation
 * does not depend on the statistics, such as a fixed split).
 *
 * <p>The reward model of the doubly robust estimate is each arm's mean reward per logged decision, over the whole
 * log.
 */
public final class Replay {

    private Replay() {
    }

    /**
     * The samples of every logged decision, in log order.
     *
     * @param events the log, in order
     * @param candidate the policy to evaluate
     * @param kind how the rewards are measured
     * @param arms the number of arms the candidate chooses among
     * @param refreshEvery how many decisions the candidate's allocation serves before it is recomputed, >= 1
     * @param minDecisions the fewest logged decisions an estimate is made from
     * @param rng the generator for the candidate's Monte-Carlo allocations (seeded, for a reproducible answer)
     * @throws UnsupportedCandidateException when the log has fewer than {@code minDecisions} decisions, or the
     *     candidate gives probability to an arm no logged decision chose
     */
    public static List<Sample> samples(List<LogEvent> events, Policy candidate, RewardKind kind, List<String> arms,
            int refreshEvery, int minDecisions, RandomGenerator rng) {
        if (refreshEvery < 1) {
            throw new IllegalArgumentException("refreshEvery must be >= 1, was " + refreshEvery);
        }
        Map<String, Double> rewards = new HashMap<>();
        long[] chosen = new long[arms.size()];
        double[] rewardSums = new double[arms.size()];
        int decisions = 0;
        for (LogEvent event : events) {
            if (event instanceof LogEvent.Rewarded reward) {
                rewards.merge(reward.decision(), reward.value(), Double::sum);
            } else {
                decisions++;
            }
        }
        if (decisions < minDecisions) {
            throw new UnsupportedCandidateException("the log holds " + decisions + " decisions; an estimate needs at "
                    + "least " + minDecisions);
        }
        for (LogEvent event : events) {
            if (event instanceof LogEvent.Decided decided && decided.arm() >= 0) {
                chosen[decided.arm()]++;
                rewardSums[decided.arm()] += rewards.getOrDefault(decided.decision(), 0.0);
            }
        }
        double[] model = new double[arms.size()];
        for (int a = 0; a < model.length; a++) {
            model[a] = chosen[a] == 0 ? 0 : rewardSums[a] / chosen[a];
        }
        ArmStats[] stats = new ArmStats[arms.size()];
        java.util.Arrays.fill(stats, ArmStats.EMPTY);
        double[] allocation = null;
        double direct = 0;
        double[] highest = new double[arms.size()];
        int sinceRefresh = 0;
        List<Sample> samples = new ArrayList<>(decisions);
        for (LogEvent event : events) {
            if (event instanceof LogEvent.Rewarded reward) {
                if (reward.arm() >= 0) {
                    stats[reward.arm()] = stats[reward.arm()].withReward(reward.value());
                }
                continue;
            }
            LogEvent.Decided decided = (LogEvent.Decided) event;
            if (allocation == null || sinceRefresh >= refreshEvery) {
                allocation = candidate.allocation(stats.clone(), kind, rng);
                sinceRefresh = 0;
                direct = 0;
                for (int a = 0; a < allocation.length; a++) {
                    highest[a] = Math.max(highest[a], allocation[a]);
                    direct += allocation[a] * model[a];
                }
            }
            sinceRefresh++;
            int arm = decided.arm();
            samples.add(new Sample(decided.propensity(), arm < 0 ? 0 : allocation[arm],
                    rewards.getOrDefault(decided.decision(), 0.0), direct, arm < 0 ? 0 : model[arm]));
            if (arm >= 0) {
                stats[arm] = stats[arm].withPull();
            }
        }
        List<String> unsupported = new ArrayList<>();
        for (int a = 0; a < chosen.length; a++) {
            if (chosen[a] == 0 && highest[a] > 0) {
                unsupported.add(arms.get(a));
            }
        }
        if (!unsupported.isEmpty()) {
            throw new UnsupportedCandidateException("the candidate gives probability to " + unsupported + ", which "
                    + "the logging policy never chose: the log says nothing of what they earn, so no unbiased "
                    + "estimate exists (use a candidate that gives them probability 0, e.g. a fixed split)");
        }
        return samples;
    }
}
