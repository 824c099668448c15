package dev.lever.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A/A experiments analysed after every 100 users per arm: the always-valid p-value keeps its false-positive rate
 * at alpha however often it is checked, while peeking at the fixed-horizon p-value does not.
 */
class PeekingTest {

    private static final int EXPERIMENTS = 1_000;
    private static final int LOOK_EVERY = 100;
    private static final int USERS_PER_ARM = 3_000;
    private static final double RATE = 0.10;
    private static final double ALPHA = 0.05;

    @Test
    void sequentialTestKeepsAlphaWhereNaivePeekingDoesNot() {
        SplittableRandom rng = new SplittableRandom(20_240_501);
        int sequentialFalsePositives = 0;
        int naiveFalsePositives = 0;
        for (int e = 0; e < EXPERIMENTS; e++) {
            long control = 0;
            long challenger = 0;
            boolean sequentialRejected = false;
            boolean naiveRejected = false;
            for (int n = LOOK_EVERY; n <= USERS_PER_ARM; n += LOOK_EVERY) {
                for (int u = 0; u < LOOK_EVERY; u++) {
                    control += rng.nextDouble() < RATE ? 1 : 0;
                    challenger += rng.nextDouble() < RATE ? 1 : 0;
                }
                Summary c = Summary.ofRate(n, control);
                Summary t = Summary.ofRate(n, challenger);
                Comparison fixed = FixedHorizonTests.twoProportions(c, t, ALPHA);
                naiveRejected |= fixed.pValue() < ALPHA;
                double variance = fixed.standardError() * fixed.standardError();
                // tau: the effect the team plans to detect, 20% of the baseline rate.
                sequentialRejected |= SequentialTest.pValue(fixed.absoluteLift(), variance, 0.2 * RATE) < ALPHA;
            }
            sequentialFalsePositives += sequentialRejected ? 1 : 0;
            naiveFalsePositives += naiveRejected ? 1 : 0;
        }
        // Binomial noise of a rate of alpha over 1,000 experiments: sd = sqrt(0.05 * 0.95 / 1000) = 0.0069.
        double bound = ALPHA + 3 * Math.sqrt(ALPHA * (1 - ALPHA) / EXPERIMENTS);
        double sequentialRate = (double) sequentialFalsePositives / EXPERIMENTS;
        double naiveRate = (double) naiveFalsePositives / EXPERIMENTS;
        assertTrue(sequentialRate <= bound, "always-valid false-positive rate " + sequentialRate + " > " + bound);
        assertTrue(naiveRate > 3 * ALPHA, "naive peeking should inflate false positives, was " + naiveRate);
    }
}
