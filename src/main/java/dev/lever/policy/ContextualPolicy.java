package dev.lever.policy;

import org.apache.commons.math3.random.RandomGenerator;

/**
 * A policy whose choice depends on the request's context: one linear model per arm (the disjoint model of Li et al.
 * 2010) scores the context's feature vector x, and exploration follows each model's uncertainty about x.
 *
 * <p>It answers the verbs of every policy with the context added: {@link #allocation(LinearArm[], double[],
 * RandomGenerator)} is the probability of choosing each arm for x, {@link #choose} draws from it with the
 * propensity. Without a context, {@link #allocation(ArmStats[], RewardKind, RandomGenerator)} is the allocation over
 * all the contexts seen: the share of decisions each arm received, what the experiment's views and history show.
 *
 * <p>In the shared model ({@code dev.lever.context.LinearModel#SHARED}) one ridge regression serves every arm, on
 * the joint features z(x, a) of the context and the arm (Agrawal &amp; Goyal, ICML 2013, where each arm i has its own
 * feature vector b_i(t) and the weights mu are common): the {@code shared} verbs take that one posterior and each
 * arm's z.
 */
public sealed interface ContextualPolicy extends Policy permits LinUcb, LinearThompson {

    /** The prior precision lambda of every arm's ridge regression: A = lambda I + sum of x x^T. */
    double ridge();

    /**
     * The probability that this policy chooses each arm for the feature vector x.
     *
     * @param arms every arm's posterior (at least one), all of x's dimension
     * @param x the dense feature vector
     * @return one probability per arm, summing to 1
     */
    double[] allocation(LinearArm[] arms, double[] x, RandomGenerator rng);

    /**
     * How many standard normal draws one {@link #allocation(LinearArm[], double[], RandomGenerator)} over this many
     * arms takes from its generator (0 for a deterministic policy): the size of the table
     * {@link #allocation(LinearArm[], double[], double[], RandomGenerator)} reads.
     */
    default int gaussiansPerAllocation(int arms) {
        return 0;
    }

    /**
     * {@link #allocation(LinearArm[], double[], RandomGenerator)} with its standard normal draws read from a table
     * instead of the generator: a caller that scores many contexts against the same posteriors draws the table once
     * (common random numbers; each allocation is then an estimate distributed as with draws of its own). The table
     * is only read.
     *
     * @param normals at least {@link #gaussiansPerAllocation} standard normal draws
     */
    default double[] allocation(LinearArm[] arms, double[] x, double[] normals, RandomGenerator rng) {
        return allocation(arms, x, rng);
    }

    /** A table for {@link #allocation(LinearArm[], double[], double[], RandomGenerator)} over this many arms. */
    default double[] normals(int arms, RandomGenerator rng) {
        return standardNormals(gaussiansPerAllocation(arms), rng);
    }

    /** A table for {@link #sharedAllocation(LinearArm, double[][], double[], RandomGenerator)} over this many arms. */
    default double[] sharedNormals(int arms, RandomGenerator rng) {
        return standardNormals(gaussiansPerSharedAllocation(arms), rng);
    }

    /** n standard normal draws. */
    static double[] standardNormals(int n, RandomGenerator rng) {
        double[] normals = new double[n];
        for (int i = 0; i < n; i++) {
            normals[i] = rng.nextGaussian();
        }
        return normals;
    }

    /** Chooses an arm for x without computing its propensity. */
    default int select(LinearArm[] arms, double[] x, RandomGenerator rng) {
        return Allocations.draw(allocation(arms, x, rng), rng);
    }

    /** Chooses an arm for x by drawing from {@link #allocation(LinearArm[], double[], RandomGenerator)}. */
    default Choice choose(LinearArm[] arms, double[] x, RandomGenerator rng) {
        return Allocations.choose(allocation(arms, x, rng), rng);
    }

    /**
     * The probability that this policy chooses each arm in the shared model.
     *
     * @param model the experiment's one posterior, of the joint features' dimension
     * @param z per arm, its dense joint feature vector z(x, a) for the request's context (at least one arm)
     * @return one probability per arm, summing to 1
     */
    double[] sharedAllocation(LinearArm model, double[][] z, RandomGenerator rng);

    /**
     * {@link #sharedAllocation(LinearArm, double[][], RandomGenerator)} with its standard normal draws read from a
     * table, as {@link #allocation(LinearArm[], double[], double[], RandomGenerator)} does for the disjoint model.
     *
     * @param normals at least {@link #gaussiansPerSharedAllocation} standard normal draws
     */
    default double[] sharedAllocation(LinearArm model, double[][] z, double[] normals, RandomGenerator rng) {
        return sharedAllocation(model, z, rng);
    }

    /**
     * How many standard normal draws one {@link #sharedAllocation} over this many arms takes from its generator, at
     * most (0 for a deterministic policy): the size of the table
     * {@link #sharedAllocation(LinearArm, double[][], double[], RandomGenerator)} reads.
     */
    default int gaussiansPerSharedAllocation(int arms) {
        return 0;
    }

    /** Chooses an arm in the shared model without computing its propensity. */
    default int sharedSelect(LinearArm model, double[][] z, RandomGenerator rng) {
        return Allocations.draw(sharedAllocation(model, z, rng), rng);
    }

    /** Chooses an arm in the shared model by drawing from {@link #sharedAllocation}. */
    default Choice sharedChoose(LinearArm model, double[][] z, RandomGenerator rng) {
        return Allocations.choose(sharedAllocation(model, z, rng), rng);
    }

    /** Each arm's posterior under this policy's prior. */
    default LinearArm[] posteriors(LinearSums[] sums) {
        LinearArm[] arms = new LinearArm[sums.length];
        for (int i = 0; i < sums.length; i++) {
            arms[i] = LinearArm.of(sums[i], ridge());
        }
        return arms;
    }

    /** The share of decisions each arm received; equal shares before the first decision. */
    @Override
    default double[] allocation(ArmStats[] arms, RewardKind kind, RandomGenerator rng) {
        Allocations.requireArms(arms);
        double total = 0;
        for (ArmStats arm : arms) {
            total += arm.pulls();
        }
        double[] shares = new double[arms.length];
        for (int i = 0; i < arms.length; i++) {
            shares[i] = total == 0 ? 1.0 / arms.length : arms[i].pulls() / total;
        }
        return shares;
    }

    static void requireArms(LinearArm[] arms, double[] x) {
        if (arms.length == 0) {
            throw new IllegalArgumentException("at least one arm is required");
        }
        for (LinearArm arm : arms) {
            if (arm.dimension() != x.length) {
                throw new IllegalArgumentException("an arm of dimension " + arm.dimension() + " cannot score a "
                        + x.length + "-dimensional context");
            }
        }
    }

    static void requireArms(LinearArm model, double[][] z) {
        if (z.length == 0) {
            throw new IllegalArgumentException("at least one arm is required");
        }
        for (double[] arm : z) {
            if (arm.length != model.dimension()) {
                throw new IllegalArgumentException("a model of dimension " + model.dimension() + " cannot score a "
                        + arm.length + "-dimensional arm");
            }
        }
    }

    static void checkRidge(double ridge) {
        if (!(ridge >= 1e-6 && ridge <= 1e6)) {
            throw new InvalidParameterException("ridge", "must be in [1e-6, 1e6], was " + ridge);
        }
    }
}
