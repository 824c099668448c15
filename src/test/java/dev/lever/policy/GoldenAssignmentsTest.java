package dev.lever.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Golden values of user-to-arm assignment. A running A/B test keeps each user on their arm only while these stay
 * the same: a change to the unit hash, the arm keys or the race moves users between arms after an upgrade, and must
 * fail here instead of surfacing as a sample ratio mismatch in production.
 */
class GoldenAssignmentsTest {

    @Test
    void unitHashes() {
        assertEquals(UH1, HashSplit.unitHash("homepage", "user-42"));
        assertEquals(UH2, HashSplit.unitHash("checkout", "user-42"));
        assertEquals(UH3, HashSplit.unitHash("homepage", "ünïcode-user"));
        assertEquals(AK1, HashSplit.armKey("model-a"));
        assertEquals(AK2, HashSplit.armKey("model-b"));
    }

    @Test
    void assignmentsOfAHundredUsers() {
        assertEquals(EXPECTED, assignmentsOf());
    }

    /** Arms of 100 users in three experiments with different weights, as one string. */
    static String assignmentsOf() {
        String[] arms = {"control", "model-b", "model-c"};
        long[] keys = new long[arms.length];
        for (int i = 0; i < arms.length; i++) {
            keys[i] = HashSplit.armKey(arms[i]);
        }
        double[][] weights = {{0.5, 0.5, 0}, {0.34, 0.33, 0.33}, {0.9, 0.05, 0.05}};
        StringBuilder out = new StringBuilder();
        for (int e = 0; e < weights.length; e++) {
            for (int u = 0; u < 100; u++) {
                out.append(HashSplit.assign(HashSplit.unitHash("exp-" + e, "user-" + u), keys, weights[e]));
            }
            out.append('/');
        }
        return out.toString();
    }

    // Computed once from the code of the release that introduced this test; never edit them to make it pass.
    private static final long UH1 = 5571666142208218678L;
    private static final long UH2 = 4926147604078300060L;
    private static final long UH3 = 4427496638137436474L;
    private static final long AK1 = 8356812775877613092L;
    private static final long AK2 = -5823100977819449068L;
    private static final String EXPECTED =
            "0111100101101000100011111011001001111011001010100100100111001111101001110110101001100000011010001100/"
            + "2021000211112222001021220200110012101202120111121012211111202100001010201010120020212021101201011122/"
            + "0000000000000000000000000002002200200010000001000000002010220000000000000000000000000000000000000000/";
}
