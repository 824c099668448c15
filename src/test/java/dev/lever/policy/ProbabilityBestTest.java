package dev.lever.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Beta;
import org.junit.jupiter.api.Test;

class ProbabilityBestTest {

    private static final int DRAWS = ProbabilityBest.DRAWS;

    /**
     * P(X_B > X_A) for X_A ~ Beta(aA, bA), X_B ~ Beta(aB, bB) with integer aB, in closed form (Cook, "Exact
     * calculation of beta inequalities", M. D. Anderson technical report, 2005):
     * sum over i in [0, aB) of B(aA + i, bA + bB) / ((bB + i) B(1 + i, bB) B(aA, bA)).
     */
    private static double betaBeatsBeta(double aA, double bA, int aB, double bB) {
        double total = 0;
        for (int i = 0; i < aB; i++) {
            total += Math.exp(Beta.logBeta(aA + i, bA + bB) - Math.log(bB + i) - Beta.logBeta(1 + i, bB)
                    - Beta.logBeta(aA, bA));
        }
        return total;
    }

    /** The estimate of a probability from {@code DRAWS} draws is within 5 standard errors of the truth. */
    private static void assertWithinMonteCarloError(double expected, double estimate) {
        double slack = Binomial.SIGMAS * Math.sqrt(expected * (1 - expected) / DRAWS) + 1e-12;
        assertTrue(Math.abs(estimate - expected) <= slack,
                () -> "estimate " + estimate + " is outside " + expected + " +/- " + slack);
    }

    @Test
    void twoBinaryArmsMatchTheClosedForm() {
        // 12 of 200 against 25 of 210: posteriors Beta(13, 189) and Beta(26, 186).
        ArmStats a = new ArmStats(200, 200, 12, 12);
        ArmStats b = new ArmStats(210, 210, 25, 25);
        double exact = betaBeatsBeta(13, 189, 26, 186);
        assertTrue(exact > 0.9 && exact < 0.999, "a case where both arms have a real chance: " + exact);

        double[] p = ProbabilityBest.estimate(new ArmStats[] {a, b}, RewardKind.BINARY, DRAWS, new SplittableRng(7))
                .orElseThrow();

        assertWithinMonteCarloError(exact, p[1]);
        assertEquals(1.0, p[0] + p[1], 1e-12);
    }

    @Test
    void closeBinaryArmsMatchTheClosedForm() {
        // Unrewarded pulls count as failures: 30 of 300 against 33 of 300.
        ArmStats a = new ArmStats(300, 30, 30, 30);
        ArmStats b = new ArmStats(300, 33, 33, 33);
        double exact = betaBeatsBeta(31, 271, 34, 268);

        double[] p = ProbabilityBest.estimate(new ArmStats[] {a, b}, RewardKind.BINARY, DRAWS, new SplittableRng(11))
                .orElseThrow();

        assertWithinMonteCarloError(exact, p[1]);
    }

    @Test
    void twoContinuousArmsMatchTheNormalApproximation() {
        // Means 10 and 10.5, standard deviations 4 and 5, 100 and 80 rewards; the mean of B minus the mean of A is
        // Normal with variance 16/100 + 25/80.
        ArmStats a = moments(100, 10.0, 4.0);
        ArmStats b = moments(80, 10.5, 5.0);
        double exact = new NormalDistribution().cumulativeProbability(0.5 / Math.sqrt(16.0 / 100 + 25.0 / 80));

        double[] p = ProbabilityBest.estimate(new ArmStats[] {a, b}, RewardKind.CONTINUOUS, DRAWS,
                new SplittableRng(3)).orElseThrow();

        assertWithinMonteCarloError(exact, p[1]);
    }

    @Test
    void identicalArmsShareTheProbability() {
        ArmStats same = new ArmStats(500, 500, 50, 50);
        double[] p = ProbabilityBest.estimate(new ArmStats[] {same, same, same}, RewardKind.BINARY, DRAWS,
                new SplittableRng(5)).orElseThrow();
        for (double share : p) {
            assertWithinMonteCarloError(1.0 / 3, share);
        }
    }

    @Test
    void armsWithoutSpreadAndEqualMeansTieExactly() {
        ArmStats constant = new ArmStats(10, 10, 20.0, 40.0);
        double[] p = ProbabilityBest.estimate(new ArmStats[] {constant, constant}, RewardKind.CONTINUOUS, 100,
                new SplittableRng(1)).orElseThrow();
        assertArrayEquals(new double[] {0.5, 0.5}, p, 1e-12);
    }

    @Test
    void continuousArmsNeedTwoRewardsEach() {
        ArmStats ready = moments(50, 1.0, 1.0);
        ArmStats one = new ArmStats(9, 1, 3.0, 9.0);
        assertTrue(ProbabilityBest.estimate(new ArmStats[] {ready, one}, RewardKind.CONTINUOUS, DRAWS,
                new SplittableRng(1)).isEmpty());
    }

    @Test
    void aSeededGeneratorReproducesTheEstimate() {
        ArmStats[] arms = {new ArmStats(40, 40, 4, 4), new ArmStats(40, 40, 6, 6)};
        assertArrayEquals(
                ProbabilityBest.estimate(arms, RewardKind.BINARY, 500, new SplittableRng(42)).orElseThrow(),
                ProbabilityBest.estimate(arms, RewardKind.BINARY, 500, new SplittableRng(42)).orElseThrow());
    }

    @Test
    void drawsShrinkPastOneHundredArmsWithinBounds() {
        assertEquals(ProbabilityBest.DRAWS, ProbabilityBest.drawsFor(2));
        assertEquals(ProbabilityBest.DRAWS, ProbabilityBest.drawsFor(100));
        assertEquals(2_000, ProbabilityBest.drawsFor(1000));
        assertEquals(ProbabilityBest.MIN_DRAWS, ProbabilityBest.drawsFor(100_000));
    }

    /** Statistics of {@code n} rewards with this mean and sample standard deviation. */
    private static ArmStats moments(long n, double mean, double sd) {
        double sumOfSquares = sd * sd * (n - 1) + n * mean * mean;
        return new ArmStats(n, n, n * mean, sumOfSquares);
    }
}
