package dev.lever.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lever.context.FeatureSpace;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared Gaussian table of a snapshot's contextual allocations. */
class CommonNormalsTest {

    @Test
    void replaysItsTableFromTheStartAndCyclesAndLeavesEverythingElseToTheRequestsGenerator() {
        double[] table = {0.5, -1.25, 2.0};
        CommonNormals normals = new CommonNormals(table, new SplittableRng(3));
        double[] read = new double[5];
        for (int i = 0; i < read.length; i++) {
            read[i] = normals.nextGaussian();
        }
        assertArrayEquals(new double[] {0.5, -1.25, 2.0, 0.5, -1.25}, read);
        assertEquals(new SplittableRng(3).nextDouble(), normals.nextDouble());
    }

    @Test
    void linearThompsonOverOneTableGivesOneAllocationPerContextCloseToItsOwnDraws() {
        FeatureSpace space = new FeatureSpace(8);
        double[] mobile = space.encode(Map.of("device", "mobile")).dense();
        double[] desktop = space.encode(Map.of("device", "desktop")).dense();
        LinearSums a = LinearSums.empty(8);
        LinearSums b = LinearSums.empty(8);
        for (int i = 0; i < 40; i++) {
            a = a.plus(mobile, i % 3 == 0 ? 1 : 0).plus(desktop, i % 4 == 0 ? 1 : 0);
            b = b.plus(mobile, i % 4 == 0 ? 1 : 0).plus(desktop, i % 3 == 0 ? 1 : 0);
        }
        LinearThompson policy = new LinearThompson(0.5, 1.0, 20_000);
        LinearArm[] arms = policy.posteriors(new LinearSums[] {a, b});
        double[] table = CommonNormals.draw(policy.gaussiansPerAllocation(arms.length), new SplittableRng(1));
        double[] first = policy.allocation(arms, mobile, new CommonNormals(table, new SplittableRng(2)));
        assertArrayEquals(first, policy.allocation(arms, mobile, new CommonNormals(table, new SplittableRng(9))),
                "the same context on the same snapshot has the same allocation");
        double[] own = policy.allocation(arms, mobile, new SplittableRng(4));
        // Two independent estimates from 20,000 draws each: their difference has a standard deviation of at most
        // sqrt(2 * 0.25 / 20000) = 0.005; 5 of them.
        assertEquals(own[0], first[0], 0.025);
        double[] other = policy.allocation(arms, desktop, new CommonNormals(table, new SplittableRng(2)));
        assertEquals(policy.allocation(arms, desktop, new SplittableRng(5))[0], other[0], 0.025);
    }
}
