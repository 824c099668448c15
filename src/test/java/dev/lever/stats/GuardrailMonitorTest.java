package dev.lever.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

/**
 * The guardrail stop rule, looked at after every batch of observations as the service does at each refresh. Its
 * level holds under continuous monitoring: with the arm exactly at the margin (the hardest case of "within the
 * margin") the share of runs ever stopped stays below alpha, by a binomial bound over the runs; and an arm far beyond
 * the margin is stopped in almost every run, early.
 */
class GuardrailMonitorTest {

    private static final int RUNS = 400;
    private static final int MAX_PER_ARM = 2_000;
    private static final int LOOK_EVERY = 20;
    private static final double ALPHA = 0.05;
    /** Latency in ms: the control's mean and the spread of one request's latency. */
    private static final double CONTROL_MS = 100;
    private static final double SD_MS = 30;

    private static final GuardrailMonitor LATENCY = new GuardrailMonitor(0.05, true, false, ALPHA,
            GuardrailMonitor.DEFAULT_MINIMUM_OBSERVATIONS);

    @Test
    void anArmExactlyAtTheMarginIsRarelyStoppedHoweverOftenItIsChecked() {
        // Arm at 105 ms, exactly the 5% relative margin: D = 1.05 C - T = 0, the null's boundary.
        int stopped = countStopped(CONTROL_MS * 1.05, 11);
        // P(X <= bound) >= 0.999 for X ~ Binomial(RUNS, ALPHA): a correct rule fails this test once in 1,000 seeds.
        int bound = new BinomialDistribution(null, RUNS, ALPHA).inverseCumulativeProbability(0.999);
        assertTrue(stopped <= bound, "stopped " + stopped + " of " + RUNS + " runs at the margin; alpha = " + ALPHA
                + " allows at most " + bound);
    }

    @Test
    void anArmWithinTheMarginIsAlmostNeverStopped() {
        int stopped = countStopped(CONTROL_MS, 12);
        int bound = new BinomialDistribution(null, RUNS, ALPHA).inverseCumulativeProbability(0.999);
        assertTrue(stopped <= bound, "stopped " + stopped + " of " + RUNS + " runs with no difference");
    }

    @Test
    void anArmFarBeyondTheMarginIsStoppedEarly() {
        // 130 ms against a 105 ms limit: D = -25 ms; at n per arm sd(D) = 30 sqrt(2.1 / n), so the confidence
        // sequence's half-width (about 3.5 sd(D) at alpha 0.05) is below 25 ms from n of a few dozen.
        SplittableRandom rng = new SplittableRandom(13);
        int stopped = 0;
        long totalAt = 0;
        for (int run = 0; run < RUNS; run++) {
            int at = firstStop(CONTROL_MS * 1.30, rng);
            if (at > 0) {
                stopped++;
                totalAt += at;
            }
        }
        assertEquals(RUNS, stopped, "every run must stop an arm 30% slower against a 5% margin");
        double meanAt = (double) totalAt / stopped;
        assertTrue(meanAt < 200, "stopped after " + meanAt + " observations per arm on average");
    }

    @Test
    void noLookBeforeTheMinimumOfObservations() {
        Estimate control = new Estimate(100, 1, 29, 28);
        Estimate arm = new Estimate(500, 1, 29, 28);
        assertTrue(LATENCY.look(control, arm).isEmpty());
        assertTrue(LATENCY.look(control, null).isEmpty());
        assertTrue(LATENCY.look(new Estimate(100, 1, 30, 29), new Estimate(500, 1, 30, 29)).orElseThrow().failed());
    }

    @Test
    void theContrastFollowsTheMarginsDefinition() {
        Estimate control = new Estimate(0.10, 1e-6, 10_000, Double.POSITIVE_INFINITY);
        Estimate arm = new Estimate(0.09, 1e-6, 10_000, Double.POSITIVE_INFINITY);
        // Higher is better, absolute margin 0.005: D = 0.09 - 0.10 + 0.005 = -0.005.
        GuardrailMonitor.Look absolute = new GuardrailMonitor(0.005, false, true, ALPHA, 30).look(control, arm)
                .orElseThrow();
        assertEquals(-0.005, absolute.contrast(), 1e-12);
        assertTrue(absolute.interval().lower() < absolute.contrast() && absolute.contrast() < absolute.interval().upper());
        // Relative 20%: D = 0.09 - 0.8 * 0.10 = 0.01 > 0: within the margin.
        GuardrailMonitor.Look relative = new GuardrailMonitor(0.2, true, true, ALPHA, 30).look(control, arm)
                .orElseThrow();
        assertEquals(0.01, relative.contrast(), 1e-12);
        assertFalse(relative.failed());
        // A relative harm of 100% accepts anything.
        assertFalse(new GuardrailMonitor(1.0, true, true, ALPHA, 30)
                .look(control, new Estimate(0, 0, 10_000, Double.POSITIVE_INFINITY)).orElseThrow().failed());
    }

    @Test
    void refusesParametersOutsideTheirRange() {
        assertThrows(InvalidStatisticsArgumentException.class, () -> new GuardrailMonitor(-0.1, true, true, 0.05, 30));
        assertThrows(InvalidStatisticsArgumentException.class, () -> new GuardrailMonitor(0.1, true, true, 0.5, 30));
        assertThrows(InvalidStatisticsArgumentException.class, () -> new GuardrailMonitor(0.1, true, true, 0.05, 1));
    }

    private static int countStopped(double armMean, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int stopped = 0;
        for (int run = 0; run < RUNS; run++) {
            if (firstStop(armMean, rng) > 0) {
                stopped++;
            }
        }
        return stopped;
    }

    /** The observations per arm at the first look that stopped the arm, or 0 if none did up to the maximum. */
    private static int firstStop(double armMean, SplittableRandom rng) {
        Summary control = Summary.EMPTY;
        Summary arm = Summary.EMPTY;
        for (int n = 1; n <= MAX_PER_ARM; n++) {
            control = control.plus(CONTROL_MS + SD_MS * gaussian(rng));
            arm = arm.plus(armMean + SD_MS * gaussian(rng));
            if (n % LOOK_EVERY == 0 && LATENCY.look(UnitMetrics.decisionLevel(control), UnitMetrics.decisionLevel(arm))
                    .map(GuardrailMonitor.Look::failed).orElse(false)) {
                return n;
            }
        }
        return 0;
    }

    /** A standard normal draw by Box-Muller. */
    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
