package dev.lever.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A sequential plan keeps its promised power when the mSPRT's mixing scale is tuned to the planned sample and the
 * sample is sized with the threshold multiplier k; the former plan (tau = the planned effect, fixed-horizon sample)
 * does not. Binary data, baseline 0.10, relative lift 25%, alpha 0.05, power 0.8, ten equally spaced looks.
 * With this seed: the tuned plan (4,795 units per arm, tau = 0.0185) rejected in 86.3% of 400 experiments; the
 * former plan (2,504 units per arm, tau = 0.025) in 45.5%, close to its final-look approximation
 * Phi(z_{0.975} + z_{0.8} - k) = Phi(2.80 - 3.04) ~ 0.41; A/A false positives with the tuned tau: 0.8%.
 */
class SequentialPlanTest {

    private static final double BASELINE = 0.10;
    private static final double TARGET = 0.125;
    private static final double ALPHA = 0.05;
    private static final double POWER = 0.8;
    private static final int EXPERIMENTS = 400;
    private static final int LOOKS = 10;

    @Test
    void tunedPlanReachesItsPowerWhereTheFormerPlanFallsShort() {
        long sequential = SampleSize.sequentialForRate(BASELINE, 0.25, true, ALPHA, POWER, 1).control();
        long fixed = SampleSize.forRate(BASELINE, 0.25, true, ALPHA, POWER, 1).control();
        double plannedVariance = (BASELINE * (1 - BASELINE) + TARGET * (1 - TARGET)) / sequential;
        double tunedTau = SequentialTest.tunedTau(plannedVariance, ALPHA);
        double formerTau = TARGET - BASELINE;

        SplittableRandom rng = new SplittableRandom(20_250_101);
        int tunedRejections = 0;
        int formerRejections = 0;
        int falsePositives = 0;
        for (int e = 0; e < EXPERIMENTS; e++) {
            int[] control = cumulative(rng, BASELINE, sequential);
            int[] challenger = cumulative(rng, TARGET, sequential);
            int[] twin = cumulative(rng, BASELINE, sequential);
            tunedRejections += rejects(control, challenger, sequential, tunedTau) ? 1 : 0;
            formerRejections += rejects(control, challenger, fixed, formerTau) ? 1 : 0;
            falsePositives += rejects(control, twin, sequential, tunedTau) ? 1 : 0;
        }
        double sd = Math.sqrt(POWER * (1 - POWER) / EXPERIMENTS);
        double tunedPower = (double) tunedRejections / EXPERIMENTS;
        double formerPower = (double) formerRejections / EXPERIMENTS;
        double falsePositiveRate = (double) falsePositives / EXPERIMENTS;
        System.out.printf("sequential n=%d per arm (fixed horizon %d), tuned tau=%.5f: power %.3f; "
                + "former plan (tau=%.3f, n=%d): power %.3f; A/A false positives %.3f%n", sequential, fixed,
                tunedTau, tunedPower, formerTau, fixed, formerPower, falsePositiveRate);
        assertTrue(tunedPower >= POWER - 3 * sd, "tuned plan's power " + tunedPower);
        assertTrue(formerPower < POWER - 3 * sd, "the former plan was expected to fall short, was " + formerPower);
        assertTrue(falsePositiveRate <= ALPHA + 3 * Math.sqrt(ALPHA * (1 - ALPHA) / EXPERIMENTS),
                "A/A false-positive rate " + falsePositiveRate);
    }

    @Test
    void theTunedTauPutsTheRejectionThresholdAtKStandardErrors() {
        double v = 4e-5;
        double k = SequentialTest.thresholdMultiplier(ALPHA);
        double tau = SequentialTest.tunedTau(v, ALPHA);
        assertEquals(3.0351, k, 1e-4);
        // At theta_hat = k sqrt(V) the test sits exactly at p = alpha...
        assertEquals(ALPHA, SequentialTest.pValue(k * Math.sqrt(v), v, tau), 1e-9);
        // ...and any other tau needs a larger difference to get there.
        for (double factor : new double[] {0.5, 0.9, 1.1, 2.0}) {
            assertTrue(SequentialTest.pValue(k * Math.sqrt(v), v, factor * tau) > ALPHA, "tau x " + factor);
        }
        // The sequential sample is the fixed-horizon one with z_{0.975} replaced by k.
        SampleSize fixed = SampleSize.forMean(0, 1, 0.1, false, ALPHA, POWER, 1);
        SampleSize sequential = SampleSize.sequentialForMean(0, 1, 0.1, false, ALPHA, POWER, 1);
        double z = Estimates.z(0.975);
        double zPower = Estimates.z(POWER);
        double scale = Math.pow((k + zPower) / (z + zPower), 2);
        assertEquals(fixed.control() * scale, sequential.control(), scale + 1);
        assertEquals("varianceAtPlannedSample", assertThrows(InvalidStatisticsArgumentException.class,
                () -> SequentialTest.tunedTau(0, ALPHA)).field());
    }

    @Test
    void runningValuesNeverRiseAndIntervalsNest() {
        SplittableRandom rng = new SplittableRandom(99);
        int n = 20_000;
        int[] control = cumulative(rng, BASELINE, n);
        int[] challenger = cumulative(rng, 0.104, n);
        RunningSequential running = RunningSequential.start();
        for (int look = 200; look <= n; look += 200) {
            double pc = (double) control[look] / look;
            double pt = (double) challenger[look] / look;
            double v = (pc * (1 - pc) + pt * (1 - pt)) / look;
            double p = SequentialTest.pValue(pt - pc, v, 0.01);
            Interval cs = SequentialTest.confidenceSequence(pt - pc, v, 0.01, ALPHA);
            RunningSequential next = running.next(p, cs);
            assertEquals(Math.min(running.pValue(), p), next.pValue(), 0.0);
            assertTrue(next.lower() >= running.lower() && next.upper() <= running.upper());
            assertTrue(next.lower() <= next.upper());
            running = next;
        }
    }

    @Test
    void aFreshPValueThatRisesIsNotReported() {
        double v = 1e-5;
        double tau = 0.01;
        double early = SequentialTest.pValue(0.012, v, tau);
        double later = SequentialTest.pValue(0.002, v, tau);
        assertTrue(later > early, "the fresh value rises when the difference shrinks");
        RunningSequential first = RunningSequential.start().next(early,
                SequentialTest.confidenceSequence(0.012, v, tau, ALPHA));
        RunningSequential second = first.next(later, SequentialTest.confidenceSequence(0.002, v, tau, ALPHA));
        assertEquals(early, second.pValue(), 0.0);
        assertTrue(second.upper() <= first.upper() && second.lower() >= first.lower());
    }

    @Test
    void disjointIntervalsKeepTheNearestPointOfTheRunningOne() {
        RunningSequential r = RunningSequential.start().next(0.4, new Interval(0, 1));
        assertEquals(new RunningSequential(0.4, 0, 1), r);
        assertEquals(new RunningSequential(0.3, 1, 1), r.next(0.3, new Interval(2, 3)));
        assertEquals(new RunningSequential(0.4, 0, 0), r.next(0.9, new Interval(-3, -2)));
        assertEquals(new RunningSequential(0.4, 0.5, 1), r.next(0.5, new Interval(0.5, 4)));
        assertEquals("cs", assertThrows(InvalidStatisticsArgumentException.class,
                () -> r.next(0.5, new Interval(2, 1))).field());
        assertEquals("p", assertThrows(InvalidStatisticsArgumentException.class,
                () -> r.next(1.5, new Interval(0, 1))).field());
    }

    /** Whether the always-valid test rejects at any of ten equally spaced looks up to {@code n} units per arm. */
    private static boolean rejects(int[] control, int[] challenger, long n, double tau) {
        for (int look = 1; look <= LOOKS; look++) {
            int units = (int) (n * look / LOOKS);
            double pc = (double) control[units] / units;
            double pt = (double) challenger[units] / units;
            double variance = (pc * (1 - pc) + pt * (1 - pt)) / units;
            if (SequentialTest.pValue(pt - pc, variance, tau) < ALPHA) {
                return true;
            }
        }
        return false;
    }

    /** successes[i] = conversions among the first i units. */
    private static int[] cumulative(SplittableRandom rng, double rate, long n) {
        int[] successes = new int[(int) n + 1];
        for (int i = 1; i <= n; i++) {
            successes[i] = successes[i - 1] + (rng.nextDouble() < rate ? 1 : 0);
        }
        return successes;
    }
}
