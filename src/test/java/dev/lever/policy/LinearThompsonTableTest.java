package dev.lever.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lever.context.FeatureSpace;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Linear Thompson sampling's allocation over a shared table of Gaussians (common random numbers). */
class LinearThompsonTableTest {

    private static final FeatureSpace SPACE = new FeatureSpace(8);
    private static final double[] MOBILE = SPACE.encode(Map.of("device", "mobile")).dense();
    private static final double[] DESKTOP = SPACE.encode(Map.of("device", "desktop")).dense();

    @Test
    void overOneTableEachContextHasOneAllocationCloseToOneFromItsOwnDraws() {
        LinearThompson policy = new LinearThompson(0.5, 1.0, 20_000);
        LinearArm[] arms = policy.posteriors(new LinearSums[] {segmentArm(3, 4), segmentArm(4, 3)});
        double[] table = policy.normals(arms.length, new SplittableRng(1));
        double[] first = policy.allocation(arms, MOBILE, table, new SplittableRng(2));
        assertArrayEquals(first, policy.allocation(arms, MOBILE, table, new SplittableRng(9)),
                "the same context on the same table has the same allocation");
        // Two independent estimates from 20,000 draws each: their difference has a standard deviation of at most
        // sqrt(2 * 0.25 / 20000) = 0.005; 5 of them.
        assertEquals(policy.allocation(arms, MOBILE, new SplittableRng(4))[0], first[0], 0.025);
        assertEquals(policy.allocation(arms, DESKTOP, new SplittableRng(5))[0],
                policy.allocation(arms, DESKTOP, table, new SplittableRng(2))[0], 0.025);
    }

    @Test
    void countsTheSameWinsAsScoringEveryArmInItsOwnOrder() {
        LinearThompson policy = new LinearThompson(1.0, 1.0, 2_000);
        SplittableRng rng = new SplittableRng(11);
        LinearSums[] sums = new LinearSums[7];
        for (int a = 0; a < sums.length; a++) {
            sums[a] = LinearSums.empty(8);
            for (int i = 0; i < 30; i++) {
                sums[a] = sums[a].plus(rng.nextDouble() < 0.5 ? MOBILE : DESKTOP, rng.nextDouble() < 0.1 * a ? 1 : 0);
            }
        }
        LinearArm[] arms = policy.posteriors(sums);
        double[] table = policy.normals(arms.length, rng);
        for (double[] x : new double[][] {MOBILE, DESKTOP}) {
            assertArrayEquals(reference(policy, arms, x, table), policy.allocation(arms, x, table, rng), 1e-12);
        }
    }

    @Test
    void leavesAnArmFarBehindTheLeaderOutWithTheFloorAlone() {
        LinearThompson policy = new LinearThompson(0.1, 1.0, 1_000);
        LinearSums good = LinearSums.empty(8);
        LinearSums bad = LinearSums.empty(8);
        for (int i = 0; i < 2_000; i++) {
            good = good.plus(MOBILE, 1);
            bad = bad.plus(MOBILE, 0);
        }
        LinearArm[] arms = policy.posteriors(new LinearSums[] {bad, good});
        double[] allocation = policy.allocation(arms, MOBILE, policy.normals(2, new SplittableRng(3)),
                new SplittableRng(4));
        assertEquals(ThompsonSampling.FLOOR / 2, allocation[0], 0.0);
        assertEquals(1 - ThompsonSampling.FLOOR / 2, allocation[1], 1e-12);
    }

    @Test
    void refusesATableTooShortForItsArms() {
        LinearThompson policy = new LinearThompson(0.5, 1.0, 100);
        LinearArm[] arms = policy.posteriors(new LinearSums[] {LinearSums.empty(8), LinearSums.empty(8)});
        assertThrows(IllegalArgumentException.class,
                () -> policy.allocation(arms, MOBILE, new double[199], new SplittableRng(1)));
    }

    private static LinearSums segmentArm(int mobileEvery, int desktopEvery) {
        LinearSums sums = LinearSums.empty(8);
        for (int i = 0; i < 40; i++) {
            sums = sums.plus(MOBILE, i % mobileEvery == 0 ? 1 : 0).plus(DESKTOP, i % desktopEvery == 0 ? 1 : 0);
        }
        return sums;
    }

    /** The definition: draw d scores every arm i at mean_i + v sd_i z[d K + i]; the largest wins. */
    private static double[] reference(LinearThompson policy, LinearArm[] arms, double[] x, double[] table) {
        int k = arms.length;
        double[] allocation = new double[k];
        for (int d = 0; d < policy.propensityDraws(); d++) {
            int best = 0;
            double bestDraw = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                double draw = arms[i].mean(x) + policy.v() * Math.sqrt(arms[i].variance(x)) * table[d * k + i];
                if (draw > bestDraw) {
                    best = i;
                    bestDraw = draw;
                }
            }
            allocation[best] += (1 - ThompsonSampling.FLOOR) / policy.propensityDraws();
        }
        for (int i = 0; i < k; i++) {
            allocation[i] += ThompsonSampling.FLOOR / k;
        }
        return allocation;
    }
}
