package dev.lever.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the statistics against reference values computed independently with SciPy and NumPy by
 * {@code src/test/python/fixtures.py} (see its header for how to regenerate {@code fixtures/statistics.json}).
 * Unit-level figures were computed there from raw per-unit arrays, which the fixture holds; here the same arrays
 * are folded into {@link UnitMoments} one unit at a time, as the store does. Every value must agree to 1e-6,
 * relative to the value when it exceeds 1 in magnitude.
 */
class StatisticsFixturesTest {

    private static final double TOL = 1e-6;
    private static JsonNode fixture;
    private static List<UnitMoments> arms;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = StatisticsFixturesTest.class.getResourceAsStream("/fixtures/statistics.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        arms = new ArrayList<>();
        for (JsonNode arm : fixture.path("units").path("arms")) {
            double[] x = doubles(arm.path("x"));
            double[] y = doubles(arm.path("y"));
            double[] p = doubles(arm.path("p"));
            UnitMoments m = UnitMoments.EMPTY;
            for (int u = 0; u < x.length; u++) {
                m = m.plus(x[u], y[u], p[u]);
            }
            arms.add(m);
        }
        assertEquals(2, arms.size());
    }

    @Test
    void welchMatchesScipy() {
        JsonNode w = fixture.path("welch");
        Comparison c = FixedHorizonTests.welch(Summary.of(doubles(w.path("control"))),
                Summary.of(doubles(w.path("challenger"))), w.path("alpha").asDouble());
        close(w, "t", c.statistic());
        close(w, "p", c.pValue());
        close(w, "df", c.degreesOfFreedom());
        close(w, "lower", c.absoluteInterval().lower());
        close(w, "upper", c.absoluteInterval().upper());
    }

    @Test
    void twoProportionZTest() {
        JsonNode f = fixture.path("twoProportions");
        Comparison c = FixedHorizonTests.twoProportions(Summary.ofRate(f.path("nc").asLong(), f.path("xc").asLong()),
                Summary.ofRate(f.path("nt").asLong(), f.path("xt").asLong()), f.path("alpha").asDouble());
        close(f, "z", c.statistic());
        close(f, "p", c.pValue());
        close(f, "lower", c.absoluteInterval().lower());
        close(f, "upper", c.absoluteInterval().upper());
    }

    @Test
    void wilsonAndTIntervals() {
        for (JsonNode f : fixture.path("wilson")) {
            Interval i = Estimates.wilson(Summary.ofRate(f.path("n").asLong(), f.path("x").asLong()),
                    f.path("alpha").asDouble());
            close(f, "lower", i.lower());
            close(f, "upper", i.upper());
        }
        JsonNode t = fixture.path("tInterval");
        Interval i = Estimates.meanT(Summary.of(doubles(t.path("values"))), t.path("alpha").asDouble());
        close(t, "lower", i.lower());
        close(t, "upper", i.upper());
    }

    @Test
    void sampleSizesFixedAndSequential() {
        for (JsonNode f : fixture.path("sampleSizes")) {
            boolean sequential = f.path("sequential").asBoolean();
            double baseline = f.path("baseline").asDouble();
            double effect = f.path("effect").asDouble();
            boolean relative = f.path("relative").asBoolean();
            double alpha = f.path("alpha").asDouble();
            double power = f.path("power").asDouble();
            double ratio = f.path("ratio").asDouble();
            SampleSize size;
            if ("rate".equals(f.path("kind").asText())) {
                size = sequential ? SampleSize.sequentialForRate(baseline, effect, relative, alpha, power, ratio)
                        : SampleSize.forRate(baseline, effect, relative, alpha, power, ratio);
            } else {
                double sd = f.path("standardDeviation").asDouble();
                size = sequential ? SampleSize.sequentialForMean(baseline, sd, effect, relative, alpha, power, ratio)
                        : SampleSize.forMean(baseline, sd, effect, relative, alpha, power, ratio);
            }
            assertEquals(new SampleSize(f.path("control").asLong(), f.path("challenger").asLong()), size,
                    f.toString());
        }
    }

    @Test
    void sequentialThresholdAndTunedTau() {
        for (JsonNode f : fixture.path("thresholdMultiplier")) {
            double alpha = f.path("alpha").asDouble();
            close(f, "k", SequentialTest.thresholdMultiplier(alpha));
            close(f, "ratio", SequentialTest.optimalVarianceRatio(alpha));
            close(f, "tunedTauForVariance1e-4", SequentialTest.tunedTau(1e-4, alpha));
        }
    }

    @Test
    void msprtPValueAndConfidenceSequence() {
        for (JsonNode f : fixture.path("msprt")) {
            double diff = f.path("difference").asDouble();
            double v = f.path("variance").asDouble();
            double tau = f.path("tau").asDouble();
            close(f, "p", SequentialTest.pValue(diff, v, tau));
            Interval cs = SequentialTest.confidenceSequence(diff, v, tau, f.path("alpha").asDouble());
            close(f, "lower", cs.lower());
            close(f, "upper", cs.upper());
        }
    }

    @Test
    void sampleRatioMatchesScipyChiSquare() {
        for (JsonNode f : fixture.path("sampleRatio")) {
            long[] observed = new long[f.path("observed").size()];
            for (int i = 0; i < observed.length; i++) {
                observed[i] = f.path("observed").get(i).asLong();
            }
            close(f, "p", SampleRatio.test(observed, doubles(f.path("weights")), 0.001).pValue());
        }
    }

    @Test
    void deltaMethodRatioAndPerUnitEstimates() {
        JsonNode units = fixture.path("units");
        for (int a = 0; a < arms.size(); a++) {
            JsonNode r = units.path("ratio").get(a);
            Estimate ratio = UnitMetrics.ratio(arms.get(a));
            close(r, "value", ratio.value());
            close(r, "variance", ratio.variance());
            assertEquals(Double.POSITIVE_INFINITY, ratio.degreesOfFreedom());
            // Sanity against the bootstrap of the raw arrays (4,000 resamples: about 2% sampling error).
            assertEquals(1.0, ratio.variance() / r.path("bootstrapVariance").asDouble(), 0.1);

            JsonNode u = units.path("perUnit").get(a);
            Estimate perUser = UnitMetrics.perUnit(arms.get(a), false);
            close(u, "value", perUser.value());
            close(u, "variance", perUser.variance());
            assertEquals(arms.get(a).n() - 1, perUser.degreesOfFreedom());
            Estimate converted = UnitMetrics.perUnit(arms.get(a), true);
            close(u, "binaryValue", converted.value());
            close(u, "binaryVariance", converted.variance());
        }
    }

    @Test
    void unitLevelComparisons() {
        JsonNode f = fixture.path("units").path("compare");
        Comparison perUnit = FixedHorizonTests.compare(UnitMetrics.perUnit(arms.get(0), false),
                UnitMetrics.perUnit(arms.get(1), false), 0.05);
        close(f.path("perUnit"), "statistic", perUnit.statistic());
        close(f.path("perUnit"), "p", perUnit.pValue());
        close(f.path("perUnit"), "df", perUnit.degreesOfFreedom());
        Comparison ratio = FixedHorizonTests.compare(UnitMetrics.ratio(arms.get(0)), UnitMetrics.ratio(arms.get(1)),
                0.05);
        close(f.path("ratio"), "statistic", ratio.statistic());
        close(f.path("ratio"), "p", ratio.pValue());
        assertEquals(Double.POSITIVE_INFINITY, ratio.degreesOfFreedom());
    }

    @Test
    void cupedThetaValuesAndVariances() {
        for (JsonNode f : fixture.path("cuped")) {
            Cuped.Adjustment adjusted = Cuped.adjust(arms, Form.valueOf(f.path("form").asText()),
                    f.path("binary").asBoolean());
            close(f, "theta", adjusted.theta());
            close(f, "varianceReduction", adjusted.varianceReduction());
            assertTrue(adjusted.varianceReduction() > 0.1, "the covariate was generated to be informative");
            for (int a = 0; a < arms.size(); a++) {
                assertClose(f.path("values").get(a).asDouble(), adjusted.estimates().get(a).value(), f + " value");
                assertClose(f.path("variances").get(a).asDouble(), adjusted.estimates().get(a).variance(),
                        f + " variance");
            }
        }
    }

    @Test
    void guardrailContrasts() {
        for (JsonNode f : fixture.path("guardrails")) {
            Estimate control = estimate(f.path("control"));
            Estimate challenger = estimate(f.path("challenger"));
            double margin = f.path("margin").asDouble();
            boolean higher = f.path("higherIsBetter").asBoolean();
            double alpha = f.path("alpha").asDouble();
            boolean relative = f.path("relative").asBoolean();
            Interval d = relative ? NonInferiority.relativeContrast(control, challenger, margin, higher, alpha)
                    : NonInferiority.absoluteContrast(control, challenger, margin, higher, alpha);
            close(f, "lower", d.lower());
            close(f, "upper", d.upper());
            NonInferiority verdict = relative
                    ? NonInferiority.judgeRelative(control, challenger, margin, higher, alpha)
                    : NonInferiority.judgeAbsolute(control, challenger, margin, higher, alpha);
            assertEquals(NonInferiority.valueOf(f.path("verdict").asText()), verdict, f.toString());
        }
    }

    private static Estimate estimate(JsonNode e) {
        double df = e.path("df").isNull() ? Double.POSITIVE_INFINITY : e.path("df").asDouble();
        return new Estimate(e.path("value").asDouble(), e.path("variance").asDouble(), e.path("units").asLong(), df);
    }

    private static void close(JsonNode node, String field, double actual) {
        assertTrue(node.has(field), "fixture lacks " + field);
        assertClose(node.path(field).asDouble(), actual, field + " in " + abbreviated(node));
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, TOL * Math.max(1.0, Math.abs(expected)), what);
    }

    private static String abbreviated(JsonNode node) {
        String s = node.toString();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static double[] doubles(JsonNode array) {
        double[] a = new double[array.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = array.get(i).asDouble();
        }
        return a;
    }
}
