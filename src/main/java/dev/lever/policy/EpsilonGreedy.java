package dev.lever.policy;

import org.apache.commons.math3.random.RandomGenerator;

/**
 * Epsilon-greedy: with probability epsilon an arm chosen uniformly at random, otherwise an arm with the best mean
 * (ties broken at random).
 *
 * <p>With {@code decay} the exploration rate shrinks as evidence accumulates: epsilon_t = min(1, epsilon * K / t),
 * where K is the number of arms and t the number of decisions so far plus one (the epsilon_n-greedy schedule of
 * Auer, Cesa-Bianchi &amp; Fischer, "Finite-time Analysis of the Multiarmed Bandit Problem", Machine Learning 47,
 * 2002, with their c / d^2 folded into epsilon).
 *
 * @param epsilon the exploration rate in [0, 1]; with decay, the scale in (0, 1000] (values well above 1 keep exploring
 *     long enough: with a scale of 1 the rate falls below 1/t after K pulls and the policy may lock onto a worse arm)
 * @param decay whether epsilon decays as 1 / t
 */
public record EpsilonGreedy(double epsilon, boolean decay) implements Policy {

    public static final String TYPE = "epsilon-greedy";
    public static final double DEFAULT_EPSILON = 0.1;
    static final double MAX_DECAY_SCALE = 1000.0;

    public EpsilonGreedy {
        if (!decay && !(epsilon >= 0.0 && epsilon <= 1.0)) {
            throw new InvalidParameterException("epsilon", "must be in [0, 1], was " + epsilon);
        }
        // With decay, epsilon is the scale c / d^2 of Auer et al.'s schedule, which needs to be well above 1 for
        // the decay not to stop exploring before the arms are told apart.
        if (decay && !(epsilon > 0.0 && epsilon <= MAX_DECAY_SCALE)) {
            throw new InvalidParameterException("epsilon", "must be in (0, " + (int) MAX_DECAY_SCALE
                    + "] with decay (the scale of epsilon * K / t), was " + epsilon);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }


    /** The exploration rate in force for these statistics. */
    public double currentEpsilon(ArmStats[] arms) {
        if (!decay) {
            return epsilon;
        }
        double t = 1;
        for (ArmStats arm : arms) {
            t += arm.pulls();
        }
        return Math.min(1.0, epsilon * arms.length / t);
    }

    @Override
    public double[] allocation(ArmStats[] arms, RewardKind kind, RandomGenerator rng) {
        Allocations.requireArms(arms);
        double eps = currentEpsilon(arms);
        boolean[] greedy = Allocations.maxima(means(arms, kind));
        double greedyShare = (1.0 - eps) / Allocations.count(greedy);
        double exploreShare = eps / arms.length;
        double[] p = new double[arms.length];
        for (int i = 0; i < arms.length; i++) {
            p[i] = exploreShare + (greedy[i] ? greedyShare : 0.0);
        }
        return p;
    }

    @Override
    public int select(ArmStats[] arms, RewardKind kind, RandomGenerator rng) {
        Allocations.requireArms(arms);
        if (rng.nextDouble() < currentEpsilon(arms)) {
            return rng.nextInt(arms.length);
        }
        return Allocations.argmaxRandomTie(means(arms, kind), rng);
    }

    private static double[] means(ArmStats[] arms, RewardKind kind) {
        double[] means = new double[arms.length];
        for (int i = 0; i < arms.length; i++) {
            means[i] = kind.mean(arms[i]);
        }
        return means;
    }
}
