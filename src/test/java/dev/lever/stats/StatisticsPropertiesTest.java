package dev.lever.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The tests and intervals, for any counts and sums in range, answer finite p-values in [0, 1] and intervals whose
 * lower end is not above the upper one.
 */
class StatisticsPropertiesTest {

    @Property(tries = 300)
    void twoProportions(@ForAll @LongRange(min = 1, max = 100_000_000) long controlTrials,
            @ForAll @DoubleRange(min = 0, max = 1) double controlRate,
            @ForAll @LongRange(min = 1, max = 100_000_000) long challengerTrials,
            @ForAll @DoubleRange(min = 0, max = 1) double challengerRate,
            @ForAll @DoubleRange(min = 0.01, max = 0.2) double alpha) {
        Summary control = Summary.ofRate(controlTrials, Math.round(controlTrials * controlRate));
        Summary challenger = Summary.ofRate(challengerTrials, Math.round(challengerTrials * challengerRate));
        check(FixedHorizonTests.twoProportions(control, challenger, alpha));
    }

    @Property(tries = 300)
    void welch(@ForAll @LongRange(min = 2, max = 10_000_000) long controlCount,
            @ForAll @DoubleRange(min = -1e6, max = 1e6) double controlMean,
            @ForAll @DoubleRange(min = 0, max = 1e4) double controlSd,
            @ForAll @LongRange(min = 2, max = 10_000_000) long challengerCount,
            @ForAll @DoubleRange(min = -1e6, max = 1e6) double challengerMean,
            @ForAll @DoubleRange(min = 0, max = 1e4) double challengerSd,
            @ForAll @DoubleRange(min = 0.01, max = 0.2) double alpha) {
        Summary control = new Summary(controlCount, controlMean, controlSd * controlSd * (controlCount - 1));
        Summary challenger = new Summary(challengerCount, challengerMean,
                challengerSd * challengerSd * (challengerCount - 1));
        check(FixedHorizonTests.welch(control, challenger, alpha));
    }

    @Property(tries = 200)
    void sampleRatio(@ForAll @IntRange(min = 2, max = 10) int arms, @ForAll @LongRange(min = 0, max = 10_000_000)
            long base, @ForAll @DoubleRange(min = 0, max = 0.5) double skew) {
        long[] observed = new long[arms];
        double[] weights = new double[arms];
        for (int i = 0; i < arms; i++) {
            observed[i] = Math.round(base * (1 + skew * i));
            weights[i] = 1.0 / arms;
        }
        double p = SampleRatio.test(observed, weights, SampleRatio.DEFAULT_THRESHOLD).pValue();
        assertTrue(Double.isFinite(p) && p >= 0 && p <= 1, () -> "p = " + p);
    }

    private static void check(Comparison comparison) {
        double p = comparison.pValue();
        assertTrue(Double.isFinite(p) && p >= 0 && p <= 1, () -> "p = " + p + " in " + comparison);
        ordered(comparison.absoluteInterval(), comparison);
        if (comparison.relativeInterval() != null) {
            ordered(comparison.relativeInterval(), comparison);
        }
    }

    private static void ordered(Interval interval, Comparison comparison) {
        assertTrue(!Double.isNaN(interval.lower()) && !Double.isNaN(interval.upper())
                && interval.lower() <= interval.upper(), () -> "interval " + interval + " in " + comparison);
    }
}
