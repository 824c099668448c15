package dev.lever.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/**
 * Every figure is checked against the formula evaluated step by step here with commons-math3's distributions, or
 * against a published worked example, to 1e-6 unless the publication rounds.
 */
class StatisticsTest {

    private static final NormalDistribution N = new NormalDistribution();
    private static final double TOL = 1e-6;

    @Test
    void wilsonIntervalMatchesTheFormulaAndNewcombesExample() {
        double z = N.inverseCumulativeProbability(0.975);
        double p = 15.0 / 50;
        double centre = p + z * z / 100;
        double half = z * Math.sqrt(p * (1 - p) / 50 + z * z / (4.0 * 2500));
        double scale = 1 + z * z / 50;
        Interval wilson = Estimates.wilson(Summary.ofRate(50, 15), 0.05);
        assertEquals((centre - half) / scale, wilson.lower(), TOL);
        assertEquals((centre + half) / scale, wilson.upper(), TOL);

        // Newcombe, Statistics in Medicine 17 (1998), Table I: 81/263 -> Wilson 0.2553 to 0.3662.
        Interval newcombe = Estimates.wilson(Summary.ofRate(263, 81), 0.05);
        assertEquals(0.2553, newcombe.lower(), 5e-5);
        assertEquals(0.3662, newcombe.upper(), 5e-5);
    }

    @Test
    void meanIntervalIsTheTInterval() {
        double[] values = {12.1, 9.8, 11.4, 10.2, 13.0, 8.7};
        SummaryStatistics s = new SummaryStatistics();
        for (double v : values) {
            s.addValue(v);
        }
        double half = new TDistribution(5).inverseCumulativeProbability(0.975) * s.getStandardDeviation()
                / Math.sqrt(6);
        Interval interval = Estimates.meanT(summaryOf(values), 0.05);
        assertEquals(s.getMean() - half, interval.lower(), TOL);
        assertEquals(s.getMean() + half, interval.upper(), TOL);
    }

    @Test
    void twoProportionZTest() {
        // 200/1000 against 250/1000.
        double pooled = 450.0 / 2000;
        double z = 0.05 / Math.sqrt(pooled * (1 - pooled) * (2.0 / 1000));
        double p = 2 * (1 - N.cumulativeProbability(z));
        double se = Math.sqrt(0.2 * 0.8 / 1000 + 0.25 * 0.75 / 1000);
        double q = N.inverseCumulativeProbability(0.975);

        Comparison c = FixedHorizonTests.twoProportions(Summary.ofRate(1000, 200), Summary.ofRate(1000, 250), 0.05);
        assertEquals(z, c.statistic(), TOL);
        assertEquals(p, c.pValue(), TOL);
        assertEquals(0.05, c.absoluteLift(), TOL);
        assertEquals(0.05 - q * se, c.absoluteInterval().lower(), TOL);
        assertEquals(0.05 + q * se, c.absoluteInterval().upper(), TOL);
        assertEquals(0.25, c.relativeLift(), TOL);
        double relSe = Math.sqrt(0.25 * 0.75 / 1000 / 0.04 + 0.0625 * (0.2 * 0.8 / 1000) / Math.pow(0.2, 4));
        assertEquals(0.25 - q * relSe, c.relativeInterval().lower(), TOL);
        assertEquals(0.25 + q * relSe, c.relativeInterval().upper(), TOL);
        assertTrue(p > 0.007 && p < 0.008, "sanity: " + p);
    }

    @Test
    void welchTTest() {
        double[] control = {20.1, 22.4, 19.8, 21.7, 20.9, 23.3, 18.6, 21.2};
        double[] challenger = {23.5, 24.1, 22.8, 26.0, 21.9, 25.2, 24.7, 23.3, 22.6, 25.8};
        double p = new TTest().tTest(control, challenger);
        double t = new TTest().t(challenger, control);
        SummaryStatistics c = stats(control);
        SummaryStatistics x = stats(challenger);
        double vc = c.getVariance() / 8;
        double vx = x.getVariance() / 10;
        double df = (vc + vx) * (vc + vx) / (vc * vc / 7 + vx * vx / 9);
        double q = new TDistribution(df).inverseCumulativeProbability(0.975);
        double diff = x.getMean() - c.getMean();

        Comparison w = FixedHorizonTests.welch(summaryOf(control), summaryOf(challenger), 0.05);
        assertEquals(p, w.pValue(), TOL);
        assertEquals(t, w.statistic(), TOL);
        assertEquals(df, w.degreesOfFreedom(), TOL);
        assertEquals(diff - q * Math.sqrt(vc + vx), w.absoluteInterval().lower(), TOL);
        assertEquals(diff + q * Math.sqrt(vc + vx), w.absoluteInterval().upper(), TOL);
    }

    @Test
    void relativeLiftIsAbsentWhenTheControlIsZero() {
        Comparison c = FixedHorizonTests.twoProportions(Summary.ofRate(100, 0), Summary.ofRate(100, 3), 0.05);
        assertNull(c.relativeLift());
        assertNull(c.relativeInterval());
    }

    @Test
    void sampleSizeForRatesAndMeans() {
        double z = N.inverseCumulativeProbability(0.975) + N.inverseCumulativeProbability(0.8);
        double n = z * z * (0.1 * 0.9 + 0.12 * 0.88) / (0.02 * 0.02);
        assertEquals(new SampleSize((long) Math.ceil(n), (long) Math.ceil(n)),
                SampleSize.forRate(0.10, 0.02, false, 0.05, 0.8, 1.0));
        assertEquals(3839, (long) Math.ceil(n), "sanity");
        assertEquals(SampleSize.forRate(0.10, 0.02, false, 0.05, 0.8, 1.0),
                SampleSize.forRate(0.10, 0.2, true, 0.05, 0.8, 1.0), "20% relative of 0.10 is 0.02 absolute");

        // Unequal allocation, twice as many challengers: n_c = z^2 (p1 q1 + p2 q2 / 2) / delta^2, n_t = 2 n_c.
        double nc = z * z * (0.1 * 0.9 + 0.12 * 0.88 / 2) / (0.02 * 0.02);
        assertEquals(new SampleSize((long) Math.ceil(nc), (long) Math.ceil(2 * nc)),
                SampleSize.forRate(0.10, 0.02, false, 0.05, 0.8, 2.0));

        double nm = z * z * 15.0 * 15.0 * 2 / (3.0 * 3.0);
        assertEquals(new SampleSize((long) Math.ceil(nm), (long) Math.ceil(nm)),
                SampleSize.forMean(100, 15, 3, false, 0.05, 0.8, 1.0));
    }

    @Test
    void sequentialPValueAndConfidenceSequenceAgree() {
        double diff = 0.012;
        double v = 0.00004;
        double tau = 0.01;
        double lambda = Math.sqrt(v / (v + tau * tau))
                * Math.exp(tau * tau * diff * diff / (2 * v * (v + tau * tau)));
        assertEquals(Math.min(1, 1 / lambda), SequentialTest.pValue(diff, v, tau), TOL);

        // The confidence sequence's bounds are exactly where the test of theta_0 reaches p = alpha.
        Interval cs = SequentialTest.confidenceSequence(diff, v, tau, 0.05);
        assertEquals(0.05, SequentialTest.pValue(diff - cs.upper(), v, tau), 1e-9);
        assertEquals(0.05, SequentialTest.pValue(diff - cs.lower(), v, tau), 1e-9);
        assertEquals(1.0, SequentialTest.pValue(0.0, v, tau), 0.0);
    }

    @Test
    void sampleRatioMismatchIsFlaggedBelowTheThreshold() {
        double chi2 = 2 * 200.0 * 200.0 / 5200;
        double p = 1 - new ChiSquaredDistribution(1).cumulativeProbability(chi2);
        SampleRatio srm = SampleRatio.test(new long[] {5000, 5400}, new double[] {0.5, 0.5}, 0.001);
        assertEquals(p, srm.pValue(), 1e-9);
        assertTrue(srm.flagged());
        assertFalse(SampleRatio.test(new long[] {5000, 5040}, new double[] {0.5, 0.5}, 0.001).flagged());
        assertTrue(SampleRatio.test(new long[] {10, 10, 3}, new double[] {0.5, 0.5, 0}, 0.001).flagged(),
                "units on an arm planned at 0 are a mismatch");
    }

    @Test
    void nonInferiorityVerdicts() {
        assertEquals(NonInferiority.PASS, NonInferiority.judge(new Interval(-0.02, 0.03), 0.05));
        assertEquals(NonInferiority.FAIL, NonInferiority.judge(new Interval(0.06, 0.09), 0.05));
        assertEquals(NonInferiority.INCONCLUSIVE, NonInferiority.judge(new Interval(0.01, 0.07), 0.05));
    }

    @Test
    void invalidArgumentsNameTheirField() {
        assertField("alpha", () -> SampleSize.forRate(0.1, 0.02, false, 0.0, 0.8, 1));
        assertField("alpha", () -> SampleSize.forRate(0.1, 0.02, false, 0.6, 0.8, 1));
        assertField("power", () -> SampleSize.forRate(0.1, 0.02, false, 0.05, 0, 1));
        assertField("power", () -> SampleSize.forRate(0.1, 0.02, false, 0.05, 1, 1));
        assertField("baseline", () -> SampleSize.forRate(1.2, 0.02, false, 0.05, 0.8, 1));
        assertField("minimumDetectableEffect", () -> SampleSize.forRate(0.99, 0.02, false, 0.05, 0.8, 1));
        assertField("ratio", () -> SampleSize.forRate(0.1, 0.02, false, 0.05, 0.8, 0));
        assertField("weights", () -> SampleRatio.test(new long[] {1, 2}, new double[] {0.5, 0.6}, 0.001));
        assertField("count", () -> new Summary(-1, 0, 0));
        assertField("successes", () -> Summary.ofRate(10, 11));
        InvalidStatisticsArgumentException e = assertThrows(InvalidStatisticsArgumentException.class,
                () -> SampleSize.forRate(0.1, 0.02, false, 0.7, 0.8, 1));
        assertEquals("alpha must be in (0, 0.5], was 0.7", e.getMessage());
    }

    private static void assertField(String field, Runnable call) {
        assertEquals(field, assertThrows(InvalidStatisticsArgumentException.class, call::run).field());
    }

    private static SummaryStatistics stats(double[] values) {
        SummaryStatistics s = new SummaryStatistics();
        for (double v : values) {
            s.addValue(v);
        }
        return s;
    }

    private static Summary summaryOf(double[] values) {
        return Summary.of(values);
    }
}
