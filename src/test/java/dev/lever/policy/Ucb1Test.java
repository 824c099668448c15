package dev.lever.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Ucb1Test {

    @Test
    void choosesTheArgmaxOfTheIndex() {
        ArmStats[] arms = {
            new ArmStats(100, 100, 60, 60), // 0.6 + sqrt(2 ln 160 / 100) = 0.6 + 0.3187
            new ArmStats(50, 50, 25, 25),   // 0.5 + sqrt(2 ln 160 / 50)  = 0.5 + 0.4506
            new ArmStats(10, 10, 2, 2),     // 0.2 + sqrt(2 ln 160 / 10)  = 0.2 + 1.0076: the largest
        };
        double logN = Math.log(160);
        double[] expected = {
            0.6 + Math.sqrt(2 * logN / 100), 0.5 + Math.sqrt(2 * logN / 50), 0.2 + Math.sqrt(2 * logN / 10)};
        Ucb1 policy = new Ucb1(1.0);
        assertArrayEquals(expected, policy.indices(arms, RewardKind.BINARY), 1e-12);
        assertEquals(2, policy.select(arms, RewardKind.BINARY, new SplittableRng(1)));
        assertArrayEquals(new double[] {0, 0, 1}, policy.allocation(arms, RewardKind.BINARY, new SplittableRng(1)));

        // With a narrower bonus (c = 0.1) the exploration term no longer outweighs the means.
        Ucb1 narrow = new Ucb1(0.1);
        assertEquals(0, narrow.select(arms, RewardKind.BINARY, new SplittableRng(1)));
    }

    @Test
    void triesEveryArmOnceFirst() {
        ArmStats[] arms = {new ArmStats(5, 5, 5, 5), ArmStats.EMPTY, new ArmStats(3, 3, 0, 0), ArmStats.EMPTY};
        Ucb1 policy = new Ucb1(1.0);
        assertArrayEquals(new double[] {0, 0.5, 0, 0.5},
                policy.allocation(arms, RewardKind.BINARY, new SplittableRng(1)), 1e-12);
        SplittableRng rng = new SplittableRng(5);
        for (int i = 0; i < 100; i++) {
            int arm = policy.select(arms, RewardKind.BINARY, rng);
            assertTrue(arm == 1 || arm == 3, "an untried arm first, got " + arm);
        }
    }

    @Test
    void continuousArmsCountOnlyReceivedRewards() {
        // Pulled but never rewarded: still untried for a continuous experiment.
        ArmStats[] arms = {new ArmStats(10, 10, 50, 260), new ArmStats(10, 0, 0, 0)};
        assertEquals(1, new Ucb1(1.0).select(arms, RewardKind.CONTINUOUS, new SplittableRng(1)));
    }
}
