package dev.lever.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;

class ThompsonSamplingTest {

    /** Arm a: 30 successes in 100 pulls; arm b: 40 successes in 110 pulls; uniform Beta(1, 1) prior. */
    private static final ArmStats[] TWO_ARMS = {new ArmStats(100, 100, 30, 30), new ArmStats(110, 110, 40, 40)};

    /**
     * P(theta_b > theta_a) for theta_a ~ Beta(aA, bA), theta_b ~ Beta(aB, bB) with integer aB, by the closed form
     * sum_{i=0}^{aB-1} B(aA + i, bA + bB) / ((bB + i) B(1 + i, bB) B(aA, bA)) (Evan Miller, "Formulas for Bayesian
     * A/B Testing", 2015), evaluated in log space. Independent of the sampling code under test.
     */
    private static double probabilityBBeatsA(double aA, double bA, int aB, double bB) {
        double total = 0.0;
        for (int i = 0; i < aB; i++) {
            total += Math.exp(Beta.logBeta(aA + i, bA + bB) - Math.log(bB + i)
                    - Beta.logBeta(1 + i, bB) - Beta.logBeta(aA, bA));
        }
        return total;
    }

    @Test
    void twoArmAllocationMatchesTheProbabilityThatOnePosteriorExceedsTheOther() {
        double pB = probabilityBBeatsA(31, 71, 41, 71);
        assertTrue(pB > 0.8 && pB < 0.95, "sanity of the closed form: " + pB);

        ThompsonSampling policy = ThompsonSampling.withDefaults();
        SplittableRng rng = new SplittableRng(2024);
        int trials = 20_000;
        int chosenB = 0;
        for (int i = 0; i < trials; i++) {
            chosenB += policy.select(TWO_ARMS, RewardKind.BINARY, rng);
        }
        Binomial.assertConsistent("Thompson picks of arm b", chosenB, trials, pB);

        int draws = 100_000;
        ThompsonSampling precise = new ThompsonSampling(1, 1, draws);
        double[] allocation = precise.allocation(TWO_ARMS, RewardKind.BINARY, new SplittableRng(99));
        assertEquals(1.0, allocation[0] + allocation[1], 1e-12);
        Binomial.assertConsistent("Monte-Carlo allocation of arm b", Math.round(allocation[1] * draws), draws, pB);
    }

    @Test
    void chooseLogsTheMonteCarloAllocationOfTheChosenArm() {
        ThompsonSampling policy = ThompsonSampling.withDefaults();
        double[] allocation = policy.allocation(TWO_ARMS, RewardKind.BINARY, new SplittableRng(5));
        Choice choice = Allocations.choose(allocation, new SplittableRng(6));
        assertEquals(allocation[choice.arm()], choice.propensity(), 0.0);
    }

    @Test
    void continuousPosteriorIsAScaledStudentT() {
        // Five rewards 1, 2, 3, 4, 5: mean 3, S = 10, so mu ~ 3 + sqrt(10 / 20) T_4, whose variance is
        // (10 / 20) * 4 / (4 - 2) = 1.
        ArmStats arm = new ArmStats(5, 5, 15, 55);
        ThompsonSampling policy = ThompsonSampling.withDefaults();
        SplittableRng rng = new SplittableRng(17);
        SummaryStatistics draws = new SummaryStatistics();
        for (int i = 0; i < 200_000; i++) {
            draws.addValue(policy.drawMean(arm, RewardKind.CONTINUOUS, rng));
        }
        // Standard error of the mean of 200,000 draws with variance 1 is 0.0022.
        assertEquals(3.0, draws.getMean(), 5 * 0.0022);
        // The variance estimate of a t_4 is heavy-tailed; a 10% band is far wider than its sampling error here.
        assertEquals(1.0, draws.getVariance(), 0.1);
    }

    @Test
    void continuousArmsWithFewerThanTwoRewardsAreTriedFirst() {
        ArmStats[] arms = {new ArmStats(10, 10, 50, 260), new ArmStats(3, 1, 2, 4), ArmStats.EMPTY};
        double[] p = ThompsonSampling.withDefaults().allocation(arms, RewardKind.CONTINUOUS, new SplittableRng(1));
        assertEquals(0.0, p[0], 0.0);
        assertEquals(0.5, p[1], 0.0);
        assertEquals(0.5, p[2], 0.0);
    }

    @Test
    void everyArmKeepsAPositivePropensity() {
        ArmStats[] lopsided = {new ArmStats(10_000, 10_000, 9_000, 9_000), new ArmStats(10_000, 10_000, 10, 10)};
        double[] p = ThompsonSampling.withDefaults().allocation(lopsided, RewardKind.BINARY, new SplittableRng(1));
        assertTrue(p[1] > 0.0 && p[1] < 0.001, "tiny but positive, was " + p[1]);
    }
}
