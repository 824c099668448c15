package dev.lever.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Summary keeps the centred second moment, so a large common offset (timestamps, latencies in nanoseconds) does
 * not destroy the variance. Each figure is checked against the corrected two-pass computation (Chan, Golub &amp;
 * LeVeque, The American Statistician 37(3), 1983, eq. 1.7): mean first, then sum((x - mean)^2) - (sum(x - mean))^2
 * / n, computed here independently of Summary.
 */
class SummaryStabilityTest {

    private static final double REL = 1e-6;
    private static final double[] CONTROL = sample(11, 180, 0.0, 5.0);
    private static final double[] CHALLENGER = sample(12, 220, 1.5, 7.0);

    @ParameterizedTest
    @ValueSource(doubles = {0, 1e3, 1e6, 1e9})
    void meanVarianceAndWelchAgreeWithTwoPassAtLargeOffsets(double offset) {
        double[] c = shifted(CONTROL, offset);
        double[] t = shifted(CHALLENGER, offset);
        Summary sc = Summary.of(c);
        Summary st = Summary.of(t);
        double[] pc = twoPass(c);
        double[] pt = twoPass(t);
        assertRelative(pc[0], sc.mean(), "control mean");
        assertRelative(pc[1], sc.variance(), "control variance");
        assertRelative(pt[0], st.mean(), "challenger mean");
        assertRelative(pt[1], st.variance(), "challenger variance");

        double vc = pc[1] / c.length;
        double vt = pt[1] / t.length;
        double df = (vc + vt) * (vc + vt) / (vc * vc / (c.length - 1) + vt * vt / (t.length - 1));
        // The reference difference of means is taken on the exact deviations from the offset, so it keeps all its
        // digits. Summary's means are doubles near the offset, each rounded to within half a spacing (6e-8 at 1e9),
        // which moves the difference (~1.9) by up to ~1e-7 and the p-value by t^2 times that relatively (~6e-7).
        double diff = mean(t, offset) - mean(c, offset);
        double p = 2 * new TDistribution(null, df).cumulativeProbability(-Math.abs(diff / Math.sqrt(vc + vt)));
        Comparison welch = FixedHorizonTests.welch(sc, st, 0.05);
        assertRelative(df, welch.degreesOfFreedom(), "Welch df");
        assertRelative(p, welch.pValue(), "Welch p");
    }

    @Test
    void theRawSumOfSquaresFormLosesTheVarianceAtAnOffsetOf1e9() {
        double[] c = shifted(CONTROL, 1e9);
        double sum = 0;
        double squares = 0;
        for (double v : c) {
            sum += v;
            squares += v * v;
        }
        // sum(x^2) ~ 1.8e20 has a spacing of 2^15 = 32768 between doubles, while n s^2 ~ 4.5e3: the subtraction
        // sum(x^2) - (sum x)^2 / n keeps none of the variance's digits.
        double raw = Summary.fromSums(c.length, sum, squares).variance();
        double truth = twoPass(c)[1];
        double error = Math.abs(raw - truth) / truth;
        assertTrue(error > 0.5, "the sum-of-squares form was expected to fail at 1e9, error " + error);
        assertRelative(truth, Summary.of(c).variance(), "Welford variance");
    }

    @Test
    void mergeAndPlusAgreeWithOneSummaryOfAllValues() {
        double[] all = shifted(CONTROL, 1e9);
        Summary whole = Summary.of(all);
        Summary merged = Summary.EMPTY;
        for (int from = 0; from < all.length; from += 37) {
            merged = Summary.merge(merged, Summary.of(Arrays.copyOfRange(all, from, Math.min(all.length, from + 37))));
        }
        assertEquals(whole.count(), merged.count());
        assertRelative(whole.mean(), merged.mean(), "merged mean");
        assertRelative(whole.variance(), merged.variance(), "merged variance");
        assertEquals(whole, Summary.merge(whole, Summary.EMPTY));
        assertEquals(whole, Summary.merge(Summary.EMPTY, whole));

        Summary added = Summary.EMPTY;
        for (double v : all) {
            added = added.plus(v);
        }
        assertEquals(whole.count(), added.count());
        assertRelative(whole.mean(), added.mean(), "mean by plus");
        assertRelative(whole.variance(), added.variance(), "variance by plus");
        assertEquals(whole.count() * whole.mean(), whole.sum(), 0.0);
    }

    @Test
    void ratesKeepTheirMoments() {
        Summary rate = Summary.ofRate(1000, 200);
        assertEquals(0.2, rate.mean(), 1e-15);
        assertEquals(200.0, rate.sum(), 1e-9);
        // M2 of 200 ones and 800 zeros: 200 * 0.8^2 + 800 * 0.2^2 = 160.
        assertEquals(160.0, rate.sumOfSquaredDeviations(), 1e-9);
        double[] bits = new double[1000];
        Arrays.fill(bits, 0, 200, 1.0);
        assertRelative(Summary.of(bits).variance(), rate.variance(), "rate variance");
        assertEquals(Summary.EMPTY, Summary.ofRate(0, 0));
        assertEquals(Summary.fromSums(4, 10, 30), Summary.of(1, 2, 3, 4));
    }

    @Test
    void invalidMomentsNameTheirField() {
        assertEquals("sumOfSquaredDeviations", field(() -> new Summary(3, 1.0, -1.0)));
        assertEquals("mean", field(() -> new Summary(3, Double.NaN, 1.0)));
        assertEquals("value", field(() -> Summary.EMPTY.plus(Double.POSITIVE_INFINITY)));
        assertEquals("count", field(() -> Summary.fromSums(-1, 0, 0)));
    }

    /** The mean of x - offset, each difference exact (Sterbenz) since x lies within a factor 2 of the offset. */
    private static double mean(double[] x, double offset) {
        double sum = 0;
        for (double v : x) {
            sum += v - offset;
        }
        return sum / x.length;
    }

    /** {mean, variance} by the corrected two-pass algorithm. */
    private static double[] twoPass(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double mean = sum / x.length;
        double squares = 0;
        double deviations = 0;
        for (double v : x) {
            squares += (v - mean) * (v - mean);
            deviations += v - mean;
        }
        return new double[] {mean + deviations / x.length,
                (squares - deviations * deviations / x.length) / (x.length - 1)};
    }

    private static double[] sample(long seed, int n, double mean, double sd) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = mean + sd * random.nextGaussian();
        }
        return x;
    }

    private static double[] shifted(double[] x, double offset) {
        return Arrays.stream(x).map(v -> v + offset).toArray();
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertEquals(expected, actual, REL * Math.max(Math.abs(expected), 1e-300), what);
    }

    private static String field(Runnable call) {
        try {
            call.run();
        } catch (InvalidStatisticsArgumentException e) {
            return e.field();
        }
        return null;
    }
}
