package dev.lever.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** The shared linear model: one posterior, each arm scored on its own joint features z(x, a). */
class SharedModelTest {

    /**
     * Dimension 4: bias, an "attribute" slot (1 for long items) and two identity slots. Long items earn 0.1, short
     * ones 0.5, 400 rewards each, observed on arms 0 (long) and 1 (short) only.
     */
    private static LinearArm learnt() {
        LinearSums sums = LinearSums.empty(4);
        for (int n = 0; n < 400; n++) {
            sums = sums.plus(new double[] {1, 1, 1, 0}, n % 10 < 1 ? 1 : 0)
                    .plus(new double[] {1, 0, 0, 1}, n % 10 < 5 ? 1 : 0);
        }
        return LinearArm.of(sums, 1.0);
    }

    @Test
    void linUcbScoresEachArmsJointFeaturesUnderTheOnePosterior() {
        LinUcb policy = new LinUcb(1.0, 1.0);
        LinearArm model = learnt();
        // A third arm never seen, short: its attributes alone make it better than the long arm 0.
        double[][] z = {{1, 1, 1, 0}, {1, 0, 0, 1}, {1, 0, 0, 0}};
        double[] bounds = policy.sharedBounds(model, z);
        for (int a = 0; a < 3; a++) {
            assertEquals(model.mean(z[a]) + Math.sqrt(model.variance(z[a])), bounds[a], 1e-12);
        }
        assertTrue(bounds[2] > bounds[0], "the new short arm beats the long one on its attributes");
        assertEquals(0.5, model.mean(z[1]), 0.02);
        assertEquals(0.1, model.mean(z[0]), 0.02);
        // With no data every arm with the same z ties; the tie is split evenly.
        assertArrayEquals(new double[] {0.5, 0.5}, policy.sharedAllocation(LinearArm.prior(4, 1),
                new double[][] {{1, 0, 0, 0}, {1, 0, 0, 0}}, new SplittableRng(1)));
        assertEquals(new Choice(1, 1.0), policy.sharedChoose(model, new double[][] {z[0], z[1]},
                new SplittableRng(1)));
    }

    @Test
    void linearThompsonMatchesTheClosedFormForTwoArms() {
        // Two arms share theta~, so s_0 - s_1 = (z_0 - z_1).theta~ is Normal with mean (z_0 - z_1).theta and
        // variance v^2 (z_0 - z_1)^T A^-1 (z_0 - z_1): P(arm 0) = Phi(mean / sd). The estimate from 20,000 draws,
        // mixed with 0.1% uniform mass, is within 5 binomial standard deviations.
        LinearSums sums = LinearSums.empty(3).plus(new double[] {1, 1, 0}, 1).plus(new double[] {1, 0, 1}, 0)
                .plus(new double[] {1, 1, 1}, 1);
        LinearArm model = LinearArm.of(sums, 1.0);
        double[][] z = {{1, 1, 0}, {1, 0, 1}};
        double v = 0.5;
        double[] diff = {0, 1, -1};
        double p = new NormalDistribution().cumulativeProbability(model.mean(diff)
                / (v * Math.sqrt(model.variance(diff))));
        LinearThompson policy = new LinearThompson(v, 1.0, 20_000);
        double[] allocation = policy.sharedAllocation(model, z, new SplittableRng(7));
        assertEquals(1.0, allocation[0] + allocation[1], 1e-12);
        double expected = 0.999 * p + 0.0005;
        double sd = Math.sqrt(p * (1 - p) / 20_000);
        assertEquals(expected, allocation[0], Binomial.SIGMAS * sd);
        // A single draw (sharedSelect) has the same law: 20,000 of them agree with p too.
        SplittableRng rng = new SplittableRng(8);
        int first = 0;
        for (int i = 0; i < 20_000; i++) {
            first += policy.sharedSelect(model, z, rng) == 0 ? 1 : 0;
        }
        Binomial.assertConsistent("single draws of arm 0", first, 20_000, p);
    }

    @Test
    void linearThompsonHandlesMoreArmsThanDimensionsAndTwins() {
        // Six arms in a 3-dimensional model, two of them identical: the scores' covariance has rank 3, which a plain
        // Cholesky decomposition refuses. The twins' scores are equal in every draw, so together they win as often
        // as one of them does without the other: the two estimates (20,000 draws each, independent generators)
        // agree within 5 standard deviations of the difference of two binomial proportions.
        LinearArm model = learnt3();
        double[][] z = {{1, 1, 0}, {1, 1, 0}, {1, 0, 1}, {1, 0.5, 0.5}, {1, 0, 0}, {1, 0.6, 0.1}};
        LinearThompson policy = new LinearThompson(1.0, 1.0, 20_000);
        double[] allocation = policy.sharedAllocation(model, z, new SplittableRng(3));
        double total = 0;
        for (double p : allocation) {
            total += p;
            assertTrue(p >= 0.001 / 6 - 1e-12);
        }
        assertEquals(1.0, total, 1e-9);
        double[][] withoutTwin = {z[0], z[2], z[3], z[4], z[5]};
        double[] single = policy.sharedAllocation(model, withoutTwin, new SplittableRng(4));
        double pair = (allocation[0] + allocation[1] - 0.002 / 6) / 0.999;
        double alone = (single[0] - 0.001 / 5) / 0.999;
        assertTrue(alone > 0.05 && alone < 0.95, "a contest worth testing: " + alone);
        double sd = Math.sqrt(2 * alone * (1 - alone) / 20_000);
        assertEquals(alone, pair, Binomial.SIGMAS * sd);
    }

    @Test
    void allDrawsAtOnceCountTheSameWinsAsOneDrawAtATime() {
        LinearArm model = learnt3();
        double[][] z = {{1, 1, 0}, {1, 1, 0}, {1, 0, 1}, {1, 0.5, 0.5}, {1, 0, 0}, {1, 0.6, 0.1}};
        JointScores scores = JointScores.of(model, z, 1.0);
        int draws = 500;
        double[] normals = ContextualPolicy.standardNormals(draws * z.length, new SplittableRng(8));
        int[] expected = new int[z.length];
        double[] one = new double[z.length];
        for (int d = 0; d < draws; d++) {
            for (int j = 0; j < z.length; j++) {
                one[j] = normals[j * draws + d];
            }
            expected[scores.draw(one, 0)]++;
        }
        assertArrayEquals(expected, scores.wins(normals, draws));
    }

    private static LinearArm learnt3() {
        LinearSums sums = LinearSums.empty(3);
        for (int n = 0; n < 20; n++) {
            sums = sums.plus(new double[] {1, 1, 0}, n % 2).plus(new double[] {1, 0, 1}, n % 3 == 0 ? 1 : 0);
        }
        return LinearArm.of(sums, 1.0);
    }

    @Test
    void theSharedModelCarriesWhatOneArmLearntToANewArmWithTheSameAttributes() {
        // Arms 0 and 1 are long (slot 1) and short (slot 2) items with their identities (slots 3 and 4); short
        // items earn 0.6, long 0.2. After 2,000 decisions of LinUCB in the shared model a new short arm (identity
        // slot 5) enters: the policy's first choice among the long arm and the new short one is the short one.
        SplittableRng env = new SplittableRng(21);
        SplittableRng rng = new SplittableRng(22);
        LinUcb policy = new LinUcb(0.5, 1.0);
        LinearArm model = LinearArm.prior(6, 1.0);
        double[][] z = {{1, 1, 0, 1, 0, 0}, {1, 0, 1, 0, 1, 0}};
        double[] means = {0.2, 0.6};
        int shortChoices = 0;
        for (int t = 0; t < 2000; t++) {
            int arm = policy.sharedSelect(model, z, rng);
            shortChoices += arm;
            model = model.updated(z[arm], env.nextDouble() < means[arm] ? 1 : 0);
        }
        assertTrue(shortChoices > 1600, "learnt the better arm: " + shortChoices);
        double[][] withNew = {z[0], {1, 0, 1, 0, 0, 1}};
        assertArrayEquals(new double[] {0, 1}, policy.sharedAllocation(model, withNew, rng));
    }
}
