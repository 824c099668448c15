package dev.lever.simulation;

import dev.lever.context.FeatureSpace;
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
 * the service runs); any other policy sees only the arms' counts. Regret is measured against the best
 * context-aware choice: the sum of (largest true mean in this context - chosen arm's true mean).
 */
final class ContextualRun {

    /** The share of the horizon, at its end, counted as late traffic. */
    static final double LATE = 0.2;

    /**
     * The outcome of a run.
     *
     * @param regret cumulative regret at T
     * @param reward total reward
     * @param bestShare share of decisions that chose a best arm for their context
     * @param lateBestShare per segment (or one entry, all traffic, without segments): the share of the last
     *     {@value #LATE} of decisions that went to a best arm for their context
     */
    record Result(double regret, double reward, double bestShare, double[] lateBestShare) {
    }

    private ContextualRun() {
    }

    static Result run(ContextualScenario scenario, Policy policy, SplittableRng environment,
            SplittableRng policyRng) {
        int k = scenario.arms().size();
        FeatureSpace space = new FeatureSpace(scenario.dimension());
        ContextualPolicy contextual = policy instanceof ContextualPolicy c ? c : null;
        LinearArm[] models = new LinearArm[k];
        if (contextual != null) {
            Arrays.fill(models, LinearArm.prior(scenario.dimension(), contextual.ridge()));
        }
        ArmStats[] stats = new ArmStats[k];
        Arrays.fill(stats, ArmStats.EMPTY);
        int segments = Math.max(1, scenario.segments().size());
        long[] late = new long[segments];
        long[] lateBest = new long[segments];
        long lateFrom = Math.round(scenario.horizon() * (1 - LATE));
        double regret = 0;
        double reward = 0;
        long best = 0;
        for (long t = 0; t < scenario.horizon(); t++) {
            ContextualScenario.Draw draw = scenario.environment().next(t, environment);
            double[] means = draw.means();
            int arm;
            double[] x = null;
            if (contextual != null) {
                x = space.encode(draw.context()).dense();
                arm = contextual.select(models, x, policyRng);
            } else {
                arm = policy.select(stats, RewardKind.BINARY, policyRng);
            }
            double r = environment.nextDouble() < means[arm] ? 1.0 : 0.0;
            if (contextual != null) {
                models[arm] = models[arm].updated(x, r);
            }
            stats[arm] = stats[arm].withPull().withReward(r);
            double top = Arrays.stream(means).max().orElseThrow();
            regret += top - means[arm];
            reward += r;
            boolean choseBest = means[arm] == top;
            best += choseBest ? 1 : 0;
            if (t >= lateFrom) {
                int segment = Math.max(0, draw.segment());
                late[segment]++;
                lateBest[segment] += choseBest ? 1 : 0;
            }
        }
        double[] lateShare = new double[segments];
        for (int s = 0; s < segments; s++) {
            lateShare[s] = late[s] == 0 ? Double.NaN : (double) lateBest[s] / late[s];
        }
        return new Result(regret, reward, (double) best / scenario.horizon(), lateShare);
    }
}
