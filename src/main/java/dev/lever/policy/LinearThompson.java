package dev.lever.policy;

import org.apache.commons.math3.random.RandomGenerator;

/**
 * Thompson sampling with linear payoffs (Agrawal &amp; Goyal, "Thompson Sampling for Contextual Bandits with Linear
 * Payoffs", ICML 2013, algorithm 1), with one model per arm: each arm's weight vector is drawn from
 * N(theta_a, v^2 A_a^-1) and the arm whose draw scores x highest is chosen. Only x.theta~ matters, and under that
 * posterior it is Normal with mean x.theta_a and variance v^2 x^T A_a^-1 x, so one Gaussian per arm is drawn
 * instead of a d-vector: the same choice at O(d^2) per arm.
 *
 * <p>The probability of choosing an arm, P(arm a's draw is the largest), has no closed form for K arms;
 * {@link #allocation} estimates it from {@code propensityDraws} joint draws, mixed with 0.1% of uniform mass so that
 * no propensity is 0, exactly as {@link ThompsonSampling} does; a decision drawn from that estimate has exactly
 * the propensity it reports.
 *
 * <p>In the shared model, Agrawal &amp; Goyal's own setting, one draw theta~ ~ N(theta, v^2 A^-1) scores every arm:
 * the arms' scores z_a.theta~ are jointly Normal with means z_a.theta and covariance v^2 Z A^-1 Z^T (K x K, Z the
 * arms' joint features as rows). They are drawn through a root of that K x K matrix ({@link JointScores}), K
 * Gaussians or fewer per joint draw instead of d, and the allocation is estimated as in the disjoint model.
 *
 * @param v the scale of the posterior, > 0 (Agrawal &amp; Goyal's v; their theoretical value R sqrt(24 d ln(1/delta)
 *     / epsilon) explores far more than needed in practice; for rewards in [0, 1] values between 0.1 and 1 work)
 * @param ridge the prior precision lambda, in [1e-6, 1e6] (1 in Agrawal &amp; Goyal: B = I + sum of x x^T)
 * @param propensityDraws the joint draws behind an allocation estimate, in [100, 100000]
 */
public record LinearThompson(double v, double ridge, int propensityDraws) implements ContextualPolicy {

    public static final String TYPE = "linear-thompson";
    public static final double DEFAULT_V = 0.5;

    public LinearThompson {
        if (!(v > 0.0 && v <= 1e6)) {
            throw new InvalidParameterException("v", "must be in (0, 1e6], was " + v);
        }
        ContextualPolicy.checkRidge(ridge);
        if (propensityDraws < 100 || propensityDraws > 100_000) {
            throw new InvalidParameterException("propensityDraws", "must be in [100, 100000], was " + propensityDraws);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int gaussiansPerAllocation(int arms) {
        return propensityDraws * arms;
    }

    @Override
    public int select(LinearArm[] arms, double[] x, RandomGenerator rng) {
        ContextualPolicy.requireArms(arms, x);
        double[] mean = new double[arms.length];
        double[] sd = new double[arms.length];
        moments(arms, x, mean, sd);
        return draw(mean, sd, rng);
    }

    @Override
    public double[] allocation(LinearArm[] arms, double[] x, RandomGenerator rng) {
        ContextualPolicy.requireArms(arms, x);
        double[] mean = new double[arms.length];
        double[] sd = new double[arms.length];
        moments(arms, x, mean, sd);
        double[] wins = new double[arms.length];
        for (int d = 0; d < propensityDraws; d++) {
            wins[draw(mean, sd, rng)]++;
        }
        double floor = ThompsonSampling.FLOOR / arms.length;
        for (int i = 0; i < wins.length; i++) {
            wins[i] = (1 - ThompsonSampling.FLOOR) * wins[i] / propensityDraws + floor;
        }
        return wins;
    }

    private void moments(LinearArm[] arms, double[] x, double[] mean, double[] sd) {
        for (int i = 0; i < arms.length; i++) {
            mean[i] = arms[i].mean(x);
            sd[i] = v * Math.sqrt(arms[i].variance(x));
        }
    }

    /** The arm with the largest of one joint draw (ties, which have probability 0, go to the first). */
    private static int draw(double[] mean, double[] sd, RandomGenerator rng) {
        int best = 0;
        double bestDraw = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < mean.length; i++) {
            double draw = mean[i] + sd[i] * rng.nextGaussian();
            if (draw > bestDraw) {
                best = i;
                bestDraw = draw;
            }
        }
        return best;
    }

    @Override
    public int gaussiansPerSharedAllocation(int arms) {
        return propensityDraws * arms;
    }

    @Override
    public int sharedSelect(LinearArm model, double[][] z, RandomGenerator rng) {
        return JointScores.of(model, z, v).draw(rng);
    }

    @Override
    public double[] sharedAllocation(LinearArm model, double[][] z, RandomGenerator rng) {
        JointScores scores = JointScores.of(model, z, v);
        double[] wins = new double[z.length];
        for (int d = 0; d < propensityDraws; d++) {
            wins[scores.draw(rng)]++;
        }
        double floor = ThompsonSampling.FLOOR / z.length;
        for (int i = 0; i < wins.length; i++) {
            wins[i] = (1 - ThompsonSampling.FLOOR) * wins[i] / propensityDraws + floor;
        }
        return wins;
    }
}
