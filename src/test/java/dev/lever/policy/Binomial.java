package dev.lever.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tolerances for counts of independent trials, derived from the binomial distribution. */
final class Binomial {

    /** Standard deviations allowed: a two-sided 5-sigma band fails a correct policy with probability < 6e-7. */
    static final double SIGMAS = 5.0;

    private Binomial() {
    }

    /** Asserts that {@code successes} out of {@code trials} is consistent with success probability {@code p}. */
    static void assertConsistent(String what, long successes, long trials, double p) {
        double mean = trials * p;
        double sd = Math.sqrt(trials * p * (1 - p));
        double slack = SIGMAS * sd + 1e-9;
        assertTrue(Math.abs(successes - mean) <= slack,
                () -> what + ": " + successes + " of " + trials + " is outside " + mean + " +/- " + slack
                        + " (p = " + p + ")");
    }
}
