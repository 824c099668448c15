package dev.lever.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextualPoliciesTest {

    private static final double[] MOBILE = {1, 1, 0};
    private static final double[] DESKTOP = {1, 0, 1};

    @Test
    void shermanMorrisonAgreesWithTheSums() {
        SplittableRng rng = new SplittableRng(3);
        int d = 6;
        LinearSums sums = LinearSums.empty(d);
        LinearArm incremental = LinearArm.prior(d, 1.0);
        for (int n = 0; n < 200; n++) {
            double[] x = new double[d];
            x[0] = 1;
            for (int i = 1; i < d; i++) {
                x[i] = rng.nextDouble() < 0.4 ? rng.nextGaussian() : 0;
            }
            double r = rng.nextDouble() < 0.3 ? 1 : 0;
            sums = sums.plus(x, r);
            incremental = incremental.updated(x, r);
        }
        LinearArm batch = LinearArm.of(sums, 1.0);
        assertEquals(200, sums.n());
        for (int k = 0; k < 20; k++) {
            double[] x = new double[d];
            for (int i = 0; i < d; i++) {
                x[i] = rng.nextGaussian();
            }
            assertEquals(batch.mean(x), incremental.mean(x), 1e-9);
            assertEquals(batch.variance(x), incremental.variance(x), 1e-9);
        }
    }

    @Test
    void ridgeRegressionRecoversEachContextsMean() {
        // Rewards 0.8 on mobile and 0.2 on desktop, 1,000 of each: the ridge estimate is within 1% of the truth.
        LinearSums sums = LinearSums.empty(3);
        for (int n = 0; n < 1000; n++) {
            sums = sums.plus(MOBILE, n % 5 < 4 ? 1 : 0).plus(DESKTOP, n % 5 < 1 ? 1 : 0);
        }
        LinearArm arm = LinearArm.of(sums, 1.0);
        assertEquals(0.8, arm.mean(MOBILE), 0.01);
        assertEquals(0.2, arm.mean(DESKTOP), 0.01);
        assertTrue(arm.variance(MOBILE) < 0.002 && arm.variance(MOBILE) > 0.0005, "about 1 / 1000");
    }

    /** Arm 0 good on mobile, arm 1 good on desktop, 200 rewards each way. */
    private static LinearArm[] twoArms() {
        LinearSums a = LinearSums.empty(3);
        LinearSums b = LinearSums.empty(3);
        for (int n = 0; n < 200; n++) {
            a = a.plus(MOBILE, n % 10 < 6 ? 1 : 0).plus(DESKTOP, n % 10 < 2 ? 1 : 0);
            b = b.plus(MOBILE, n % 10 < 3 ? 1 : 0).plus(DESKTOP, n % 10 < 5 ? 1 : 0);
        }
        return new LinearArm[] {LinearArm.of(a, 1), LinearArm.of(b, 1)};
    }

    @Test
    void linUcbChoosesEachContextsBestArm() {
        LinUcb policy = new LinUcb(1.0, 1.0);
        LinearArm[] arms = twoArms();
        assertArrayEquals(new double[] {1, 0}, policy.allocation(arms, MOBILE, new SplittableRng(1)));
        assertArrayEquals(new double[] {0, 1}, policy.allocation(arms, DESKTOP, new SplittableRng(1)));
        assertEquals(new Choice(1, 1.0), policy.choose(arms, DESKTOP, new SplittableRng(1)));
        // Untried arms: a tie, broken uniformly.
        LinearArm[] prior = {LinearArm.prior(3, 1), LinearArm.prior(3, 1)};
        assertArrayEquals(new double[] {0.5, 0.5}, policy.allocation(prior, MOBILE, new SplittableRng(1)));
    }

    @Test
    void linearThompsonPropensityIsTheFrequencyOfItsChoice() {
        // Closely matched arms on one context: the allocation's estimate from 10,000 draws and the frequency of
        // 20,000 single draws agree within 4.5 standard deviations of the difference of two binomial proportions.
        LinearThompson policy = new LinearThompson(1.0, 1.0, 10_000);
        LinearSums a = LinearSums.empty(2).plus(new double[] {1, 1}, 1).plus(new double[] {1, 1}, 0);
        LinearSums b = LinearSums.empty(2).plus(new double[] {1, 1}, 1);
        LinearArm[] arms = {LinearArm.of(a, 1), LinearArm.of(b, 1)};
        double[] x = {1, 1};
        double[] allocation = policy.allocation(arms, x, new SplittableRng(5));
        assertEquals(1.0, allocation[0] + allocation[1], 1e-12);
        assertTrue(allocation[0] > 0.0005 && allocation[1] > 0.0005);
        SplittableRng rng = new SplittableRng(6);
        int draws = 20_000;
        int first = 0;
        for (int i = 0; i < draws; i++) {
            first += policy.select(arms, x, rng) == 0 ? 1 : 0;
        }
        double p = allocation[0];
        double sd = Math.sqrt(p * (1 - p) / draws + p * (1 - p) / 10_000);
        assertEquals(p, (double) first / draws, 4.5 * sd);
        assertTrue(p > 0.2 && p < 0.5, "arm 0 is behind but not hopeless: " + p);
    }

    @Test
    void builtFromTheWireWithTheirParameters() {
        assertEquals(new LinUcb(1.0, 1.0), Policies.of("linucb", Map.of()));
        assertEquals(new LinearThompson(0.3, 2.0, 500),
                Policies.of("linear-thompson", Map.of("v", 0.3, "ridge", 2.0, "propensityDraws", 500)));
        assertEquals("ridge must be in [1e-6, 1e6], was 0.0", assertThrows(InvalidParameterException.class,
                () -> Policies.of("linucb", Map.of("ridge", 0))).getMessage());
        assertEquals("v must be in (0, 1e6], was -1.0", assertThrows(InvalidParameterException.class,
                () -> Policies.of("linear-thompson", Map.of("v", -1))).getMessage());
        assertEquals(Map.of("alpha", 1.0, "ridge", 1.0), new LinUcb(1.0, 1.0).parameters());
    }

    @Test
    void withoutAContextTheAllocationIsTheShareOfDecisions() {
        ArmStats[] arms = {new ArmStats(30, 30, 10, 10), new ArmStats(10, 10, 5, 5)};
        assertArrayEquals(new double[] {0.75, 0.25},
                new LinUcb(1, 1).allocation(arms, RewardKind.BINARY, new SplittableRng(1)));
        assertArrayEquals(new double[] {0.5, 0.5}, new LinearThompson(1, 1, 100)
                .allocation(new ArmStats[] {ArmStats.EMPTY, ArmStats.EMPTY}, RewardKind.BINARY, new SplittableRng(1)));
    }
}
