package dev.lever.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EpsilonGreedyTest {

    private static final ArmStats[] ARMS = {
        new ArmStats(1000, 1000, 100, 100), // mean 0.10
        new ArmStats(1000, 1000, 300, 300), // mean 0.30: the greedy arm
        new ArmStats(1000, 1000, 200, 200), // mean 0.20
        new ArmStats(1000, 1000, 50, 50),   // mean 0.05
    };

    @Test
    void exploresAtRateEpsilonWithinBinomialBounds() {
        EpsilonGreedy policy = new EpsilonGreedy(0.2, false);
        SplittableRng rng = new SplittableRng(7);
        int trials = 40_000;
        int nonGreedy = 0;
        for (int i = 0; i < trials; i++) {
            if (policy.select(ARMS, RewardKind.BINARY, rng) != 1) {
                nonGreedy++;
            }
        }
        // A non-greedy arm is chosen only when exploring (probability epsilon) and the uniform pick misses the
        // greedy arm (probability (K - 1) / K).
        Binomial.assertConsistent("non-greedy picks", nonGreedy, trials, 0.2 * 3 / 4);
    }

    @Test
    void chooseReportsTheProbabilityOfTheChosenArm() {
        EpsilonGreedy policy = new EpsilonGreedy(0.2, false);
        double[] p = policy.allocation(ARMS, RewardKind.BINARY, new SplittableRng(1));
        assertArrayEquals(new double[] {0.05, 0.85, 0.05, 0.05}, p, 1e-12);

        SplittableRng rng = new SplittableRng(3);
        int trials = 20_000;
        int greedy = 0;
        for (int i = 0; i < trials; i++) {
            Choice choice = policy.choose(ARMS, RewardKind.BINARY, rng);
            assertEquals(p[choice.arm()], choice.propensity(), 1e-12);
            greedy += choice.arm() == 1 ? 1 : 0;
        }
        Binomial.assertConsistent("greedy picks", greedy, trials, 0.85);
    }

    @Test
    void tiesAmongTheBestAreBrokenAtRandom() {
        ArmStats[] tied = {new ArmStats(10, 10, 5, 5), new ArmStats(10, 10, 5, 5), new ArmStats(10, 10, 1, 1)};
        EpsilonGreedy policy = new EpsilonGreedy(0.0, false);
        assertArrayEquals(new double[] {0.5, 0.5, 0.0},
                policy.allocation(tied, RewardKind.BINARY, new SplittableRng(1)), 1e-12);
        SplittableRng rng = new SplittableRng(11);
        int first = 0;
        int trials = 10_000;
        for (int i = 0; i < trials; i++) {
            int arm = policy.select(tied, RewardKind.BINARY, rng);
            assertEquals(true, arm == 0 || arm == 1);
            first += arm == 0 ? 1 : 0;
        }
        Binomial.assertConsistent("first of two tied arms", first, trials, 0.5);
    }

    @Test
    void decayFollowsEpsilonTimesArmsOverT() {
        EpsilonGreedy policy = new EpsilonGreedy(0.5, true);
        ArmStats[] fresh = {ArmStats.EMPTY, ArmStats.EMPTY, ArmStats.EMPTY, ArmStats.EMPTY};
        assertEquals(1.0, policy.currentEpsilon(fresh), 0.0); // min(1, 0.5 * 4 / 1)
        // t = 4000 pulls + 1, so epsilon_t = 0.5 * 4 / 4001.
        assertEquals(2.0 / 4001, policy.currentEpsilon(ARMS), 1e-15);
    }

    @Test
    void refusesEpsilonOutsideTheUnitInterval() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> new EpsilonGreedy(1.5, false));
        assertEquals("epsilon", e.parameter());
        assertEquals("must be in [0, 1], was 1.5", e.reason());
        assertThrows(InvalidParameterException.class, () -> new EpsilonGreedy(Double.NaN, false));
        // With decay epsilon is a scale and may exceed 1: min(1, 20 * 4 / 4001) explores 2% of the time.
        assertEquals(20.0 * 4 / 4001, new EpsilonGreedy(20, true).currentEpsilon(ARMS), 1e-15);
        InvalidParameterException decayed = assertThrows(InvalidParameterException.class,
                () -> new EpsilonGreedy(0, true));
        assertEquals("must be in (0, 1000] with decay (the scale of epsilon * K / t), was 0.0", decayed.reason());
    }
}
