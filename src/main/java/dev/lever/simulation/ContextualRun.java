package dev.lever.simulation;

import dev.lever.context.FeatureSpace;
import dev.lever.context.Features;
import dev.lever.context.JointFeatures;
import dev.lever.policy.ArmStats;
import dev.lever.policy.ContextualPolicy;
import dev.lever.policy.LinearArm;
import dev.lever.policy.Policy;
import dev.lever.policy.RewardKind;
import dev.lever.policy.SplittableRng;
import java.util.Arrays;

/**
 * One run of one policy in a contextual scenario: T decisions, each for a freshly drawn context, its Bernoulli
 * reward applied at once. A contextual policy sees the context hashed into the scenario's feature space (the code
 * the service runs): in the disjoint model each arm's model scores x, in the shared model the one model scores each
 * arm's z(x, a) ({@link JointFeatures}); any other policy sees only the arms' counts. An arm that joins mid-run can
 * be chosen from its arrival on. Regret is measured against the best context-aware choice among the arms there: the
 * sum of (largest true mean in this context - chosen arm's true mean).
 */
final class ContextualRun {

    /** The share of the horizon, at its end, counted as late traffic. */
    static final double LATE = 0.2;
    /** The decisions after the last arm joined whose regret measures the cold start. */
    static final int AFTER_ARRIVAL = 2000;

    /**
     * The outcome of a run.
     *
     * @param regret cumulative regret at T
     * @param reward total reward
     * @param bestShare share of decisions that chose a best arm for their context
     * @param lateBestShare per segment (or one entry, all traffic, without segments): the share of the last
     *     {@value #LATE} of decisions that went to a best arm for their context
     * @param joinRegret the regret of the {@value #AFTER_ARRIVAL} decisions from the last arm's arrival on (the new
     *     arm must be tried where it may be best, and not where it is not); NaN when every arm is there from the
     *     start
     */
    record Result(double regret, double reward, double bestShare, double[] lateBestShare, double joinRegret) {
    }

    private ContextualRun() {
    }

    static Result run(ContextualScenario scenario, ContextualScenario.Contender contender, SplittableRng environment,
            SplittableRng policyRng) {
        int k = scenario.arms().size();
        FeatureSpace space = new FeatureSpace(scenario.dimension());
        Policy policy = contender.policy();
        ContextualPolicy contextual = policy instanceof ContextualPolicy c ? c : null;
        LinearArm[] models = new LinearArm[k];
        LinearArm shared = null;
        JointFeatures[] joint = new JointFeatures[k];
        if (contender.shared()) {
            shared = LinearArm.prior(scenario.dimension(), contextual.ridge());
            for (int a = 0; a < k; a++) {
                String id = scenario.arms().get(a);
                joint[a] = JointFeatures.of(space, id, scenario.armFeatures().get(id), "arms[" + a + "].features");
            }
        } else if (contextual != null) {
            Arrays.fill(models, LinearArm.prior(scenario.dimension(), contextual.ridge()));
        }
        long[] arrival = new long[k];
        for (int a = 0; a < k; a++) {
            arrival[a] = scenario.arrivals().getOrDefault(scenario.arms().get(a), 0L);
        }
        ArmStats[] stats = new ArmStats[k];
        Arrays.fill(stats, ArmStats.EMPTY);
        int segments = Math.max(1, scenario.segments().size());
        long[] late = new long[segments];
        long[] lateBest = new long[segments];
        long lateFrom = Math.round(scenario.horizon() * (1 - LATE));
        long joined = scenario.lastArrival();
        double joinRegret = 0;
        double regret = 0;
        double reward = 0;
        long best = 0;
        int[] open = new int[k];
        for (long t = 0; t < scenario.horizon(); t++) {
            ContextualScenario.Draw draw = scenario.environment().next(t, environment);
            double[] means = draw.means();
            int n = 0;
            for (int a = 0; a < k; a++) {
                if (arrival[a] <= t) {
                    open[n++] = a;
                }
            }
            int arm;
            Features x = null;
            double[][] z = null;
            if (shared != null) {
                x = space.encode(draw.context());
                z = new double[n][];
                for (int i = 0; i < n; i++) {
                    z[i] = joint[open[i]].of(x).dense();
                }
                arm = open[contextual.sharedSelect(shared, z, policyRng)];
            } else if (contextual != null) {
                x = space.encode(draw.context());
                arm = open[contextual.select(pick(models, open, n), x.dense(), policyRng)];
            } else {
                arm = open[policy.select(pick(stats, open, n), RewardKind.BINARY, policyRng)];
            }
            double r = environment.nextDouble() < means[arm] ? 1.0 : 0.0;
            if (shared != null) {
                shared = shared.updated(joint[arm].of(x).dense(), r);
            } else if (contextual != null) {
                models[arm] = models[arm].updated(x.dense(), r);
            }
            stats[arm] = stats[arm].withPull().withReward(r);
            double top = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                top = Math.max(top, means[open[i]]);
            }
            regret += top - means[arm];
            reward += r;
            boolean choseBest = means[arm] == top;
            best += choseBest ? 1 : 0;
            if (t >= lateFrom) {
                int segment = Math.max(0, draw.segment());
                late[segment]++;
                lateBest[segment] += choseBest ? 1 : 0;
            }
            if (joined > 0 && t >= joined && t < joined + AFTER_ARRIVAL) {
                joinRegret += top - means[arm];
            }
        }
        double[] lateShare = new double[segments];
        for (int s = 0; s < segments; s++) {
            lateShare[s] = late[s] == 0 ? Double.NaN : (double) lateBest[s] / late[s];
        }
        return new Result(regret, reward, (double) best / scenario.horizon(), lateShare,
                joined > 0 ? joinRegret : Double.NaN);
    }

    /** The first n of the arms at the indices in {@code open}. */
    private static <T> T[] pick(T[] all, int[] open, int n) {
        T[] some = Arrays.copyOf(all, n);
        for (int i = 0; i < n; i++) {
            some[i] = all[open[i]];
        }
        return some;
    }
}
