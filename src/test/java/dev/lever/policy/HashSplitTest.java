package dev.lever.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class HashSplitTest {

    private static final int USERS = 50_000;
    private static final long[] ARMS = {HashSplit.armKey("model-a"), HashSplit.armKey("model-b"),
        HashSplit.armKey("model-c")};

    private static int[] assignAll(String salt, double[] weights) {
        return IntStream.range(0, USERS)
                .map(u -> HashSplit.assign(HashSplit.unitHash(salt, "user-" + u), ARMS, weights))
                .toArray();
    }

    @Test
    void armsGetTheirWeightsShareOfUnits() {
        double[] weights = {0.2, 0.3, 0.5};
        int[] arms = assignAll("homepage", weights);
        for (int arm = 0; arm < 3; arm++) {
            int a = arm;
            Binomial.assertConsistent("units on arm " + arm, IntStream.of(arms).filter(x -> x == a).count(),
                    USERS, weights[arm]);
        }
    }

    @Test
    void theSameUnitAlwaysGetsTheSameArm() {
        assertEquals(java.util.Arrays.toString(assignAll("homepage", new double[] {1, 1, 1})),
                java.util.Arrays.toString(assignAll("homepage", new double[] {1, 1, 1})));
    }

    @Test
    void assignmentsOfDifferentExperimentsAreIndependent() {
        int[] first = assignAll("homepage", new double[] {0.5, 0.5, 0});
        int[] second = assignAll("checkout", new double[] {0.5, 0.5, 0});
        long[][] table = new long[2][2];
        for (int u = 0; u < USERS; u++) {
            table[first[u]][second[u]]++;
        }
        // Independence of a user's arm in one experiment and in the other: chi-square test of the 2x2 table.
        double p = new ChiSquareTest().chiSquareTest(table);
        assertTrue(p > 1e-4, "arms are associated across experiments, p = " + p);
    }

    @Test
    void raisingOneWeightOnlyMovesUnitsToThatArm() {
        int[] before = assignAll("homepage", new double[] {0.5, 0.5, 0.0});
        int[] after = assignAll("homepage", new double[] {0.4, 0.4, 0.2});
        int moved = 0;
        for (int u = 0; u < USERS; u++) {
            if (before[u] != after[u]) {
                assertEquals(2, after[u], "a unit may only move to the arm that gained weight");
                moved++;
            }
        }
        // Exactly the new arm's share moves: the minimum any rule could do.
        Binomial.assertConsistent("units moved", moved, USERS, 0.2);
    }

    @Test
    void loweringOneWeightOnlyMovesUnitsAwayFromThatArm() {
        int[] before = assignAll("homepage", new double[] {0.5, 0.5, 0.0});
        int[] after = assignAll("homepage", new double[] {0.3, 0.7, 0.0});
        int moved = 0;
        for (int u = 0; u < USERS; u++) {
            if (before[u] != after[u]) {
                assertEquals(0, before[u], "only units of the arm that lost weight move");
                assertEquals(1, after[u]);
                moved++;
            }
        }
        Binomial.assertConsistent("units moved", moved, USERS, 0.2);
    }
}
