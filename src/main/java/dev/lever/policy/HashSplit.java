package dev.lever.policy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic weighted assignment of units (users, sessions) to arms, with no storage: the same unit always gets
 * the same arm, on every replica and across restarts.
 *
 * <p>Weighted rendezvous hashing as an exponential race: each arm i draws u_i, a uniform number derived from a hash
 * of (salt, unit, arm id), and the arm with the smallest -ln(u_i) / w_i wins. The minimum of independent
 * exponential variables with rates w_i falls on arm i with probability w_i / sum(w) (Schindelhauer &amp; Schomaker,
 * "Weighted Distributed Hash Tables", SPAA 2005), so arms get exactly their weights' shares of the units.
 *
 * <p>The race keeps units where they are whenever possible. Raising one arm's weight only moves units to that arm;
 * lowering it only moves units away from it; adding an arm only moves units to the new arm; in each case just the
 * share that the new weights require. Because the per-arm draws depend on the arm id, not its position, the order
 * of the arms does not matter. The salt (the experiment id) makes assignments of different experiments
 * independent.
 */
public final class HashSplit {

    private HashSplit() {
    }

    /** A 64-bit hash of the unit within one experiment: the first 8 bytes of SHA-256(salt, NUL, unit). */
    public static long unitHash(String salt, String unit) {
        MessageDigest sha = sha256();
        sha.update(salt.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(unit.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(sha.digest()).getLong();
    }

    /** A 64-bit key of an arm id, computed once per arm. */
    public static long armKey(String armId) {
        return ByteBuffer.wrap(sha256().digest(armId.getBytes(StandardCharsets.UTF_8))).getLong();
    }

    /**
     * The arm a unit is assigned to.
     *
     * @param unitHash the unit's {@link #unitHash}
     * @param armKeys each arm's {@link #armKey}
     * @param weights each arm's weight, >= 0, not all 0 (need not sum to 1)
     * @return the index of the unit's arm; never one whose weight is 0
     */
    public static int assign(long unitHash, long[] armKeys, double[] weights) {
        int best = -1;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int i = 0; i < armKeys.length; i++) {
            if (weights[i] <= 0.0) {
                continue;
            }
            double score = -Math.log(uniform(unitHash, armKeys[i])) / weights[i];
            if (score < bestScore) {
                bestScore = score;
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("at least one weight must be > 0");
        }
        return best;
    }

    /** A uniform number in (0, 1) from the two keys, by the SplitMix64 finaliser (Steele et al., OOPSLA 2014). */
    static double uniform(long unitHash, long armKey) {
        long z = unitHash ^ (armKey * 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return ((z >>> 11) + 0.5) * 0x1.0p-53;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
