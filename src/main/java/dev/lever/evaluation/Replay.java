package dev.lever.evaluation;

import dev.lever.context.FeatureSpace;
import dev.lever.context.Features;
import dev.lever.policy.ArmStats;
import dev.lever.policy.ContextualPolicy;
import dev.lever.policy.LinearArm;
import dev.lever.policy.LinearSums;
import dev.lever.policy.Policy;
import dev.lever.policy.RewardKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Replays a decision log through a candidate policy: at each logged decision, the candidate's allocation over its
 * arms, given the statistics the log holds up to that decision (and, for a contextual candidate, the decision's
 * context).
 *
 * <p>What the candidate knows at a decision: every logged decision before it counts one pull of its arm, and every
 * logged reward before it (in log order) adds its value, exactly as the service's statistics grow. A contextual
 * candidate ({@link ContextualPolicy}) keeps per-arm linear totals ({@link LinearSums}) instead: each logged reward
 * before the decision adds its decision's features, encoded by the candidate's {@link FeatureSpace}, and its value
 * to its arm's totals, on the decision's first credit, as the service's reward script does; the allocation for the
 * decision's context is then computed from the posteriors of those totals ({@link ContextualPolicy#posteriors}). A
 * decision without a context is scored on the bias alone, as {@code /select} scores a request without one.
 *
 * <p>Like the service, which draws decisions from a snapshot of statistics refreshed now and then, the candidate's
 * statistics (or posteriors) are refreshed every {@code refreshEvery} decisions, which also bounds the cost of a
 * Monte-Carlo allocation: a linear Thompson candidate reads its Gaussians from one table per refresh
 * ({@link ContextualPolicy#allocation(LinearArm[], double[], double[], RandomGenerator)}), as the service does per
 * snapshot. The statistics are the logging policy's: an adaptive candidate is evaluated as if it had learnt from the
 * logged decisions, not from its own (the replay's usual approximation; exact for a candidate whose allocation does
 * not depend on the statistics, such as a fixed split).
 *
 * <p>The reward model of the doubly robust estimate ({@link RewardModel}) is each arm's mean reward per logged
 * decision for a log without contexts; when any decision carries a context, it is a per-arm ridge regression on the
 * feature space's features, fitted progressively (whatever the candidate: a non-contextual one gains from it too).
 */
public final class Replay {

    /**
     * What a replay gives the estimators.
     *
     * @param samples one per logged decision, in log order
     * @param rewardModel the doubly robust estimate's reward model: {@code arm-mean} or {@code ridge-per-arm(d=32)}
     */
    public record Replayed(List<Sample> samples, String rewardModel) {
    }

    private Replay() {
    }

    /** {@link #replay} of a log without contexts by a candidate that is not contextual: its samples. */
    public static List<Sample> samples(List<LogEvent> events, Policy candidate, RewardKind kind, List<String> arms,
            int refreshEvery, int minDecisions, RandomGenerator rng) {
        return replay(events, candidate, kind, arms, new FeatureSpace(FeatureSpace.DEFAULT_DIMENSION), refreshEvery,
                minDecisions, rng).samples();
    }

    /**
     * The samples of every logged decision, in log order, and the reward model behind them.
     *
     * @param events the log, in order
     * @param candidate the policy to evaluate
     * @param kind how the rewards are measured
     * @param arms the arms the candidate chooses among
     * @param space how logged contexts become features: for a contextual candidate, and for the reward model of a
     *     log with contexts
     * @param refreshEvery how many decisions the candidate's statistics serve before they are refreshed, >= 1
     * @param minDecisions the fewest logged decisions an estimate is made from
     * @param rng the generator for the candidate's Monte-Carlo allocations (seeded, for a reproducible answer)
     * @throws UnsupportedCandidateException when the log has fewer than {@code minDecisions} decisions, or the
     *     candidate gives probability to an arm no logged decision chose
     */
    public static Replayed replay(List<LogEvent> events, Policy candidate, RewardKind kind, List<String> arms,
            FeatureSpace space, int refreshEvery, int minDecisions, RandomGenerator rng) {
        if (refreshEvery < 1) {
            throw new IllegalArgumentException("refreshEvery must be >= 1, was " + refreshEvery);
        }
        int k = arms.size();
        Map<String, Double> rewards = new HashMap<>();
        long[] chosen = new long[k];
        double[] rewardSums = new double[k];
        int decisions = 0;
        boolean contexts = false;
        for (LogEvent event : events) {
            if (event instanceof LogEvent.Rewarded reward) {
                rewards.merge(reward.decision(), reward.value(), Double::sum);
            } else {
                decisions++;
                contexts |= ((LogEvent.Decided) event).context() != null;
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
        RewardModel model;
        if (contexts) {
            model = new RewardModel.ProgressiveRidge(k, space.dimension());
        } else {
            double[] means = new double[k];
            for (int a = 0; a < k; a++) {
                means[a] = chosen[a] == 0 ? 0 : rewardSums[a] / chosen[a];
            }
            model = new RewardModel.ArmMeans(means);
        }
        ContextualPolicy contextual = candidate instanceof ContextualPolicy c ? c : null;
        Map<String, Features> features = contextual != null || contexts ? features(events, space) : Map.of();

        ArmStats[] stats = new ArmStats[k];
        Arrays.fill(stats, ArmStats.EMPTY);
        LinearSums[] sums = new LinearSums[k];
        Arrays.fill(sums, LinearSums.empty(space.dimension()));
        Set<String> credited = new HashSet<>();
        boolean sumsChanged = true;
        LinearArm[] posteriors = null;
        double[] normals = null;
        double[] allocation = null;
        double[] highest = new double[k];
        int sinceRefresh = refreshEvery;
        List<Sample> samples = new ArrayList<>(decisions);
        for (LogEvent event : events) {
            if (event instanceof LogEvent.Rewarded reward) {
                if (reward.arm() >= 0) {
                    stats[reward.arm()] = stats[reward.arm()].withReward(reward.value());
                    Features x = features.get(reward.decision());
                    if (contextual != null && x != null && credited.add(reward.decision())) {
                        sums[reward.arm()] = sums[reward.arm()].plus(x.dense(), reward.value());
                        sumsChanged = true;
                    }
                }
                continue;
            }
            LogEvent.Decided decided = (LogEvent.Decided) event;
            if (sinceRefresh >= refreshEvery) {
                sinceRefresh = 0;
                if (contextual == null) {
                    allocation = candidate.allocation(stats.clone(), kind, rng);
                } else {
                    if (sumsChanged) {
                        posteriors = contextual.posteriors(sums);
                        sumsChanged = false;
                    }
                    normals = contextual.normals(k, rng);
                }
            }
            sinceRefresh++;
            double[] x = features.isEmpty() ? null : features.get(decided.decision()).dense();
            if (contextual != null) {
                allocation = contextual.allocation(posteriors, x, normals, rng);
            }
            double[] m = model.predict(x);
            double direct = 0;
            for (int a = 0; a < k; a++) {
                highest[a] = Math.max(highest[a], allocation[a]);
                direct += allocation[a] * m[a];
            }
            int arm = decided.arm();
            double reward = rewards.getOrDefault(decided.decision(), 0.0);
            samples.add(new Sample(decided.propensity(), arm < 0 ? 0 : allocation[arm], reward, direct,
                    arm < 0 ? 0 : m[arm], allocation));
            if (arm >= 0) {
                stats[arm] = stats[arm].withPull();
                model.learn(x, arm, reward);
            }
        }
        List<String> unsupported = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            if (chosen[a] == 0 && highest[a] > 0) {
                unsupported.add(arms.get(a));
            }
        }
        if (!unsupported.isEmpty()) {
            throw new UnsupportedCandidateException("the candidate gives probability to " + unsupported + ", which "
                    + "the logging policy never chose: the log says nothing of what they earn, so no unbiased "
                    + "estimate exists (use a candidate that gives them probability 0, e.g. a fixed split)");
        }
        return new Replayed(samples, model.name());
    }

    /** Each logged decision's features in the space, by token (the bias alone for a decision without context). */
    private static Map<String, Features> features(List<LogEvent> events, FeatureSpace space) {
        Map<String, Features> features = new HashMap<>();
        for (LogEvent event : events) {
            if (event instanceof LogEvent.Decided decided) {
                features.put(decided.decision(), space.encode(decided.context()));
            }
        }
        return features;
    }
}
