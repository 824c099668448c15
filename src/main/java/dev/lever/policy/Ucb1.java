package dev.lever.policy;

import org.apache.commons.math3.random.RandomGenerator;

/**
 * UCB1: every arm is tried once, then the arm with the largest upper confidence bound
 * mean_i + c * sqrt(2 ln N / n_i) is chosen, where n_i is the arm's number of observations and N their total
 * (Auer, Cesa-Bianchi &amp; Fischer, "Finite-time Analysis of the Multiarmed Bandit Problem", Machine Learning 47,
 * 2002; c = 1 is their UCB1).
 *
 * <p>The bound assumes rewards in [0, 1]; for continuous rewards on another scale, scale {@code c} with the reward
 * range. Ties (including among untried arms) are broken uniformly at random, so the allocation is uniform over the
 * tied arms; otherwise UCB1 is deterministic and its allocation puts all mass on one arm.
 *
 * @param c the width of the exploration bonus, >= 0
 */
public record Ucb1(double c) implements Policy {

    public static final String TYPE = "ucb1";
    public static final double DEFAULT_C = 1.0;

    public Ucb1 {
        if (!(c >= 0.0 && c <= 1e6)) {
            throw new InvalidParameterException("c", "must be in [0, 1e6], was " + c);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }


    /**
     * Each arm's upper confidence bound; positive infinity for an arm without observations.
     */
    public double[] indices(ArmStats[] arms, RewardKind kind) {
        double total = 0;
        for (ArmStats arm : arms) {
            total += kind.observations(arm);
        }
        double logTotal = Math.log(Math.max(total, 1));
        double[] index = new double[arms.length];
        for (int i = 0; i < arms.length; i++) {
            double n = kind.observations(arms[i]);
            index[i] = n == 0
                    ? Double.POSITIVE_INFINITY
                    : kind.mean(arms[i]) + c * Math.sqrt(2.0 * logTotal / n);
        }
        return index;
    }

    @Override
    public double[] allocation(ArmStats[] arms, RewardKind kind, RandomGenerator rng) {
        Allocations.requireArms(arms);
        boolean[] best = Allocations.maxima(indices(arms, kind));
        return Allocations.uniformOver(best, Allocations.count(best));
    }

    @Override
    public int select(ArmStats[] arms, RewardKind kind, RandomGenerator rng) {
        Allocations.requireArms(arms);
        return Allocations.argmaxRandomTie(indices(arms, kind), rng);
    }
}
