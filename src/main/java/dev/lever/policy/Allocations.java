package dev.lever.policy;

import org.apache.commons.math3.random.RandomGenerator;

/** Drawing from, and building, probability distributions over arms. */
public final class Allocations {

    private Allocations() {
    }

    /**
     * Draws an arm index from a distribution by inversion of its cumulative sum.
     *
     * @param probabilities one probability per arm, summing to 1
     * @param rng the source of the uniform draw
     * @return the index of the drawn arm; never one whose probability is 0
     */
    public static int draw(double[] probabilities, RandomGenerator rng) {
        double u = rng.nextDouble();
        double cumulative = 0.0;
        int last = -1;
        for (int i = 0; i < probabilities.length; i++) {
            if (probabilities[i] > 0.0) {
                cumulative += probabilities[i];
                last = i;
                if (u < cumulative) {
                    return i;
                }
            }
        }
        // Rounding can leave the cumulative sum a hair under 1: the last arm with mass takes the remainder.
        return last;
    }

    /** Draws an arm and returns it with its probability. */
    public static Choice choose(double[] probabilities, RandomGenerator rng) {
        int arm = draw(probabilities, rng);
        return new Choice(arm, probabilities[arm]);
    }

    /** Uniform mass on the arms flagged in {@code members}, none elsewhere. */
    static double[] uniformOver(boolean[] members, int count) {
        double[] p = new double[members.length];
        double share = 1.0 / count;
        for (int i = 0; i < members.length; i++) {
            if (members[i]) {
                p[i] = share;
            }
        }
        return p;
    }

    /**
     * Picks uniformly at random one of the arms whose score equals the maximum score (ties broken at random, by
     * reservoir sampling so that no array is allocated).
     */
    static int argmaxRandomTie(double[] scores, RandomGenerator rng) {
        int best = 0;
        int ties = 1;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
                ties = 1;
            } else if (scores[i] == scores[best] && rng.nextInt(++ties) == 0) {
                best = i;
            }
        }
        return best;
    }

    /** Flags the arms whose score equals the maximum; returns how many there are via the array's true entries. */
    static boolean[] maxima(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        boolean[] flags = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            flags[i] = scores[i] == max;
        }
        return flags;
    }

    static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            if (f) {
                n++;
            }
        }
        return n;
    }

    static void requireArms(ArmStats[] arms) {
        if (arms.length == 0) {
            throw new IllegalArgumentException("a policy needs at least one arm to choose from");
        }
    }
}
