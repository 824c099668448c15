package dev.lever.policy;

import org.apache.commons.math3.random.RandomGenerator;

/**
 * LinUCB with disjoint linear models (Li, Chu, Langford &amp; Schapire, "A Contextual-Bandit Approach to
 * Personalized News Article Recommendation", WWW 2010, algorithm 1): for the feature vector x, each arm's upper
 * confidence bound x.theta_a + alpha sqrt(x^T A_a^-1 x), and the arm with the largest bound is chosen. Ties are
 * broken uniformly at random, so the allocation is uniform over the tied arms; otherwise LinUCB is deterministic
 * given x and the statistics, and the chosen arm's propensity is 1, as with UCB1.
 *
 * <p>In the shared model (Li et al. 2010's hybrid model with only shared weights; Chu, Li, Reyzin &amp; Schapire,
 * AISTATS 2011) each arm's bound is z_a.theta + alpha sqrt(z_a^T A^-1 z_a) under the experiment's one posterior,
 * with z_a the joint features of the context and arm a.
 *
 * @param alpha the width of the bonus, >= 0 (Li et al. use 1 + sqrt(ln(2 / delta) / 2); for rewards in [0, 1]
 *     values between 0.1 and 1 work)
 * @param ridge the prior precision lambda of every arm's ridge regression, in [1e-6, 1e6] (1 in Li et al.)
 */
public record LinUcb(double alpha, double ridge) implements ContextualPolicy {

    public static final String TYPE = "linucb";
    public static final double DEFAULT_ALPHA = 1.0;
    public static final double DEFAULT_RIDGE = 1.0;

    public LinUcb {
        if (!(alpha >= 0.0 && alpha <= 1e6)) {
            throw new InvalidParameterException("alpha", "must be in [0, 1e6], was " + alpha);
        }
        ContextualPolicy.checkRidge(ridge);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Each arm's upper confidence bound for x. */
    public double[] bounds(LinearArm[] arms, double[] x) {
        ContextualPolicy.requireArms(arms, x);
        double[] bounds = new double[arms.length];
        for (int i = 0; i < arms.length; i++) {
            bounds[i] = arms[i].mean(x) + alpha * Math.sqrt(arms[i].variance(x));
        }
        return bounds;
    }

    @Override
    public double[] allocation(LinearArm[] arms, double[] x, RandomGenerator rng) {
        boolean[] best = Allocations.maxima(bounds(arms, x));
        return Allocations.uniformOver(best, Allocations.count(best));
    }

    @Override
    public int select(LinearArm[] arms, double[] x, RandomGenerator rng) {
        return Allocations.argmaxRandomTie(bounds(arms, x), rng);
    }

    /** Each arm's upper confidence bound in the shared model: z_a.theta + alpha sqrt(z_a^T A^-1 z_a). */
    public double[] sharedBounds(LinearArm model, double[][] z) {
        ContextualPolicy.requireArms(model, z);
        double[] bounds = new double[z.length];
        for (int a = 0; a < z.length; a++) {
            bounds[a] = model.mean(z[a]) + alpha * Math.sqrt(model.variance(z[a]));
        }
        return bounds;
    }

    @Override
    public double[] sharedAllocation(LinearArm model, double[][] z, RandomGenerator rng) {
        boolean[] best = Allocations.maxima(sharedBounds(model, z));
        return Allocations.uniformOver(best, Allocations.count(best));
    }

    @Override
    public int sharedSelect(LinearArm model, double[][] z, RandomGenerator rng) {
        return Allocations.argmaxRandomTie(sharedBounds(model, z), rng);
    }
}
