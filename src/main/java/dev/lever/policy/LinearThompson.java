package dev.lever.policy;

import java.util.Arrays;
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
    /** How far behind the leader, in standard deviations of the difference, an arm is left out of the draws. */
    static final double PRUNE_Z = 6.0;

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

    /** Estimates the allocation from its own {@code propensityDraws} x K standard normal draws from {@code rng}. */
    @Override
    public double[] allocation(LinearArm[] arms, double[] x, RandomGenerator rng) {
        return allocation(arms, x, normals(arms.length, rng), rng);
    }

    /**
     * Estimates the allocation from the table's draws: draw d gives arm i the score mean_i + sd_i z[d K + i].
     *
     * <p>An arm that beats the leader in a draw with probability below Phi(-{@value #PRUNE_Z}) = 1e-9 is not scored
     * at all (see {@link #contenders}): it wins one of the {@code propensityDraws} draws with probability below
     * {@code propensityDraws} x 1e-9, and it keeps the floor's share like any arm that wins no draw. Once the models
     * separate, most arms drop out for most contexts and the loop shrinks with them.
     */
    @Override
    public double[] allocation(LinearArm[] arms, double[] x, double[] normals, RandomGenerator rng) {
        ContextualPolicy.requireArms(arms, x);
        int k = arms.length;
        requireTable(normals, k);
        double[] mean = new double[k];
        double[] sd = new double[k];
        moments(arms, x, mean, sd);
        int[] scored = contenders(mean, sd);
        int m = scored.length;
        double[] scoredMean = new double[m];
        double[] scoredSd = new double[m];
        for (int j = 0; j < m; j++) {
            scoredMean[j] = mean[scored[j]];
            scoredSd[j] = sd[scored[j]];
        }
        int[] wins = new int[k];
        for (int d = 0, row = 0; d < propensityDraws; d++, row += k) {
            int best = 0;
            double bestDraw = scoredMean[0] + scoredSd[0] * normals[row + scored[0]];
            for (int j = 1; j < m; j++) {
                double draw = scoredMean[j] + scoredSd[j] * normals[row + scored[j]];
                if (draw > bestDraw) {
                    best = j;
                    bestDraw = draw;
                }
            }
            wins[scored[best]]++;
        }
        return ThompsonSampling.withFloor(wins, propensityDraws);
    }

    /** Both tables hold propensityDraws x K draws (the shared model's rank is at most K). */
    private void requireTable(double[] normals, int arms) {
        if (normals.length < gaussiansPerAllocation(arms)) {
            throw new IllegalArgumentException("a table of " + gaussiansPerAllocation(arms) + " draws is needed for "
                    + arms + " arms, had " + normals.length);
        }
    }

    /**
     * The arms that can win a draw, in index order: all but those whose draw beats the leader's (the arm of the
     * largest mean) with probability Phi(-{@value #PRUNE_Z}) or less, that is mean_leader - mean_i >=
     * {@value #PRUNE_Z} sqrt(sd_i^2 + sd_leader^2), since an arm's draw minus the leader's is Normal with that mean and
     * variance.
     */
    private static int[] contenders(double[] mean, double[] sd) {
        int leader = 0;
        for (int i = 1; i < mean.length; i++) {
            if (mean[i] > mean[leader]) {
                leader = i;
            }
        }
        int[] scored = new int[mean.length];
        int m = 0;
        for (int i = 0; i < mean.length; i++) {
            double gap = mean[leader] - mean[i];
            if (gap < PRUNE_Z * Math.sqrt(sd[i] * sd[i] + sd[leader] * sd[leader])) {
                scored[m++] = i;
            }
        }
        return m == mean.length ? scored : Arrays.copyOf(scored, m);
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
        return JointScores.of(model, z, v).draw(ContextualPolicy.standardNormals(z.length, rng), 0);
    }

    /** Estimates the shared allocation from its own {@code propensityDraws} x K draws from {@code rng}. */
    @Override
    public double[] sharedAllocation(LinearArm model, double[][] z, RandomGenerator rng) {
        return sharedAllocation(model, z, sharedNormals(z.length, rng), rng);
    }

    /**
     * Estimates the shared allocation from the table's draws: draw d reads the standard normal of the factor's j-th
     * column at {@code normals[j * propensityDraws + d]} (see {@code JointScores.wins}).
     */
    @Override
    public double[] sharedAllocation(LinearArm model, double[][] z, double[] normals, RandomGenerator rng) {
        requireTable(normals, z.length);
        return ThompsonSampling.withFloor(JointScores.of(model, z, v).wins(normals, propensityDraws),
                propensityDraws);
    }
}
