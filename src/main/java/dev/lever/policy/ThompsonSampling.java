package dev.lever.policy;

import java.util.Set;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Thompson sampling: draw a plausible mean for every arm from its posterior and choose the arm with the largest
 * draw (Thompson, Biometrika 25, 1933; Chapelle &amp; Li, "An Empirical Evaluation of Thompson Sampling", NIPS 2011).
 *
 * <p>Posteriors:
 * <ul>
 *   <li>binary rewards: Beta(alpha + successes, beta + failures), failures = pulls - successes;</li>
 *   <li>continuous rewards: the Normal model with unknown mean and variance under the reference prior
 *       p(mu, sigma^2) proportional to 1 / sigma^2, whose marginal posterior for the mean is
 *       mean + sqrt(S / (n (n - 1))) * T with T ~ Student-t(n - 1) and S the sum of squared deviations
 *       (Gelman et al., "Bayesian Data Analysis", 3rd ed., section 3.2; its use for Gaussian bandits is analysed by
 *       Honda &amp; Takemura, "Optimality of Thompson Sampling for Gaussian Bandits Depends on Priors", AISTATS 2014).
 *       The posterior is proper from two observations on; an arm with fewer is tried before any other. With
 *       discounted statistics n is the effective number of observations, and the Student-t its fractional
 *       degrees of freedom.</li>
 * </ul>
 *
 * <p>The probability that Thompson sampling picks an arm, P(arm i has the largest draw), has no closed form for
 * K arms; {@link #allocation} estimates it from {@code propensityDraws} joint draws, mixed with 0.1% of uniform
 * mass so that no arm's propensity is 0. The service computes it once per statistics snapshot and draws decisions
 * from it, so the propensity it logs is exactly the probability that produced the decision; the simulator uses
 * {@link #select}, one joint draw per decision.
 *
 * @param alpha the Beta prior's first parameter (prior successes), > 0
 * @param beta the Beta prior's second parameter (prior failures), > 0
 * @param propensityDraws the number of joint posterior draws behind an allocation estimate, in [100, 100000]
 */
public record ThompsonSampling(double alpha, double beta, int propensityDraws) implements Policy {

    public static final String TYPE = "thompson";
    public static final int DEFAULT_PROPENSITY_DRAWS = 1000;
    /** The parameters of the Beta prior, which only binary rewards have. */
    static final Set<String> PRIOR = Set.of("alpha", "beta");
    /** The share of the allocation spread uniformly over the arms. */
    static final double FLOOR = 0.001;

    public ThompsonSampling {
        if (!(alpha > 0.0 && alpha <= 1e9)) {
            throw new InvalidParameterException("alpha", "must be in (0, 1e9], was " + alpha);
        }
        if (!(beta > 0.0 && beta <= 1e9)) {
            throw new InvalidParameterException("beta", "must be in (0, 1e9], was " + beta);
        }
        if (propensityDraws < 100 || propensityDraws > 100_000) {
            throw new InvalidParameterException("propensityDraws", "must be in [100, 100000], was " + propensityDraws);
        }
    }

    /** Thompson sampling with the uniform Beta(1, 1) prior. */
    public static ThompsonSampling withDefaults() {
        return new ThompsonSampling(1.0, 1.0, DEFAULT_PROPENSITY_DRAWS);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> binaryOnlyParameters() {
        return PRIOR;
    }

    /**
     * One draw of the arm's mean from its posterior; positive infinity for a continuous arm with fewer than two
     * observations, so that it is tried first.
     */
    public double drawMean(ArmStats arm, RewardKind kind, RandomGenerator rng) {
        if (kind == RewardKind.BINARY) {
            double successes = arm.rewardSum();
            double failures = Math.max(0.0, arm.pulls() - successes);
            return GammaSampler.beta(alpha + successes, beta + failures, rng);
        }
        double n = arm.rewardCount();
        if (n < 2) {
            return Double.POSITIVE_INFINITY;
        }
        double mean = arm.rewardSum() / n;
        double squaredDeviations = Math.max(0.0, arm.rewardSumOfSquares() - n * mean * mean);
        if (squaredDeviations == 0.0) {
            return mean;
        }
        double dof = n - 1;
        // Student-t(dof) as Z / sqrt(V / dof) with V ~ chi-square(dof) = Gamma(dof / 2, scale 2).
        double v = 2.0 * GammaSampler.gamma(dof / 2.0, rng);
        double t = rng.nextGaussian() / Math.sqrt(v / dof);
        return mean + Math.sqrt(squaredDeviations / (n * dof)) * t;
    }

    @Override
    public int select(ArmStats[] arms, RewardKind kind, RandomGenerator rng) {
        Allocations.requireArms(arms);
        // The argmax of the draws, ties (only possible among untried continuous arms) broken at random by
        // reservoir sampling; no array per decision.
        int best = 0;
        double bestDraw = drawMean(arms[0], kind, rng);
        int ties = 1;
        for (int i = 1; i < arms.length; i++) {
            double draw = drawMean(arms[i], kind, rng);
            if (draw > bestDraw) {
                best = i;
                bestDraw = draw;
                ties = 1;
            } else if (draw == bestDraw && rng.nextInt(++ties) == 0) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public double[] allocation(ArmStats[] arms, RewardKind kind, RandomGenerator rng) {
        Allocations.requireArms(arms);
        if (kind == RewardKind.CONTINUOUS) {
            boolean[] untried = new boolean[arms.length];
            int count = 0;
            for (int i = 0; i < arms.length; i++) {
                untried[i] = arms[i].rewardCount() < 2;
                count += untried[i] ? 1 : 0;
            }
            if (count > 0) {
                return Allocations.uniformOver(untried, count);
            }
        }
        int[] wins = new int[arms.length];
        for (int d = 0; d < propensityDraws; d++) {
            wins[select(arms, kind, rng)]++;
        }
        return withFloor(wins, propensityDraws);
    }

    /**
     * The allocation of a Monte-Carlo estimate: each arm's share of the draws it won, mixed with a sliver of uniform
     * mass ({@value #FLOOR} in all) that keeps every propensity positive, so that inverse-propensity estimates over
     * the logged decisions stay defined; decisions are drawn from exactly this mixture. Shared by every Thompson
     * policy, contextual ones included.
     *
     * @param wins per arm, the draws it won, summing to {@code draws}
     */
    static double[] withFloor(int[] wins, int draws) {
        double floor = FLOOR / wins.length;
        double[] allocation = new double[wins.length];
        for (int i = 0; i < wins.length; i++) {
            allocation[i] = (1 - FLOOR) * wins[i] / draws + floor;
        }
        return allocation;
    }
}
