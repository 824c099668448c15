package dev.lever.policy;

import java.util.Optional;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The probability that each arm has the highest true mean reward, given what is known about the arms: the
 * posterior probability of being best, as reported by Bayesian bandit and A/B tools (Scott, "A modern Bayesian look
 * at the multi-armed bandit", Applied Stochastic Models in Business and Industry 26, 2010, section 3).
 *
 * <p>Each arm's mean gets a distribution, independent of the other arms':
 * <ul>
 *   <li>binary rewards: the Beta(1 + successes, 1 + failures) posterior under the uniform prior, failures = pulls -
 *       successes (the same model as Thompson sampling with its default prior);</li>
 *   <li>continuous rewards: the Normal approximation of the sample mean, N(mean, s^2 / n), with s the sample
 *       standard deviation of the n received rewards (central limit theorem). It needs n >= 2 for every arm; before
 *       that no probability is given.</li>
 * </ul>
 * P(arm i is best) = P(X_i > X_j for every j != i) has a closed form only in special cases (two arms), so it is
 * estimated by Monte Carlo: {@code draws} joint draws of all arms' means, counting how often each arm's draw is the
 * largest. Ties (arms whose rewards have no spread and equal means) share the win equally. The estimate of a
 * probability p has standard error sqrt(p (1 - p) / draws), at most 0.0035 with {@value #DRAWS} draws.
 *
 * <p>Pure: the generator is passed in, so a seeded one reproduces the answer exactly.
 */
public final class ProbabilityBest {

    /** Joint draws per estimate for up to {@value #FULL_DRAWS_UP_TO_ARMS} arms. */
    public static final int DRAWS = 20_000;
    /** Beyond this many arms the draws shrink so that one estimate stays under {@value #DRAW_BUDGET} arm draws. */
    static final int FULL_DRAWS_UP_TO_ARMS = 100;
    static final int DRAW_BUDGET = DRAWS * FULL_DRAWS_UP_TO_ARMS;
    /** The fewest joint draws, whatever the number of arms. */
    static final int MIN_DRAWS = 1_000;

    private ProbabilityBest() {
    }

    /**
     * The joint draws used for {@code arms} arms: {@value #DRAWS}, or fewer past {@value #FULL_DRAWS_UP_TO_ARMS}
     * arms so that the work stays bounded, never fewer than {@value #MIN_DRAWS}.
     */
    public static int drawsFor(int arms) {
        return Math.max(MIN_DRAWS, Math.min(DRAWS, DRAW_BUDGET / Math.max(1, arms)));
    }

    /**
     * Estimates the probability that each arm is best.
     *
     * @param arms the arms' statistics (at least one)
     * @param kind how rewards are measured; decides each arm's distribution
     * @param draws the number of joint draws, at least 1
     * @param rng the source of the draws
     * @return one probability per arm, summing to 1; empty for continuous rewards while an arm has fewer than two
     *     received rewards
     * @throws IllegalArgumentException when there is no arm or {@code draws} is not positive
     */
    public static Optional<double[]> estimate(ArmStats[] arms, RewardKind kind, int draws, RandomGenerator rng) {
        Allocations.requireArms(arms);
        if (draws < 1) {
            throw new IllegalArgumentException("draws must be >= 1, was " + draws);
        }
        Posterior[] posteriors = new Posterior[arms.length];
        for (int i = 0; i < arms.length; i++) {
            Optional<Posterior> posterior = Posterior.of(arms[i], kind);
            if (posterior.isEmpty()) {
                return Optional.empty();
            }
            posteriors[i] = posterior.get();
        }
        double[] wins = new double[arms.length];
        double[] sample = new double[arms.length];
        int[] tied = new int[arms.length];
        for (int d = 0; d < draws; d++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < arms.length; i++) {
                sample[i] = posteriors[i].draw(rng);
                max = Math.max(max, sample[i]);
            }
            int count = 0;
            for (int i = 0; i < arms.length; i++) {
                if (sample[i] == max) {
                    tied[count++] = i;
                }
            }
            for (int t = 0; t < count; t++) {
                wins[tied[t]] += 1.0 / count;
            }
        }
        for (int i = 0; i < wins.length; i++) {
            wins[i] /= draws;
        }
        return Optional.of(wins);
    }

    /** The distribution of one arm's mean. */
    private sealed interface Posterior {

        double draw(RandomGenerator rng);

        static Optional<Posterior> of(ArmStats arm, RewardKind kind) {
            if (kind == RewardKind.BINARY) {
                double successes = arm.rewardSum();
                return Optional.of(new BetaMean(1.0 + successes, 1.0 + Math.max(0.0, arm.pulls() - successes)));
            }
            double n = arm.rewardCount();
            if (n < 2) {
                return Optional.empty();
            }
            double mean = arm.rewardSum() / n;
            double variance = Math.max(0.0, arm.rewardSumOfSquares() - n * mean * mean) / (n - 1);
            return Optional.of(new NormalMean(mean, Math.sqrt(variance / n)));
        }
    }

    private record BetaMean(double alpha, double beta) implements Posterior {
        @Override
        public double draw(RandomGenerator rng) {
            return GammaSampler.beta(alpha, beta, rng);
        }
    }

    private record NormalMean(double mean, double standardError) implements Posterior {
        @Override
        public double draw(RandomGenerator rng) {
            return standardError == 0.0 ? mean : mean + standardError * rng.nextGaussian();
        }
    }
}
