package dev.lever.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.analysis.Views.Analysis;
import dev.lever.analysis.Views.ChallengerResult;
import dev.lever.experiment.ArmSpec;
import dev.lever.experiment.Experiment;
import dev.lever.experiment.ExperimentParser;
import dev.lever.experiment.ExperimentSpec;
import dev.lever.experiment.MetricSpec;
import dev.lever.experiment.PlanSpec;
import dev.lever.store.StatsFields;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class AnalysisServiceTest {

    private static final NormalDistribution N = new NormalDistribution();

    /** Control model-a, challenger model-b, 50/50; primary metric click, guardrail latency (lower, 5%). */
    private static Experiment abTest(PlanSpec plan, String test) {
        Map<String, Object> policy = Map.of("type", "fixed-split", "weights", Map.of("model-a", 0.5, "model-b", 0.5));
        List<MetricSpec> metrics = List.of(new MetricSpec("click", "binary", "higher", null, null, null, null),
                new MetricSpec("latency", "continuous", "lower", true, 0.05, "relative", null));
        return ExperimentParser.parse("checkout", new ExperimentSpec(
                List.of(new ArmSpec("model-a", false), new ArmSpec("model-b", false)), policy, null, null, null,
                metrics, "user", null, plan, test));
    }

    private static final PlanSpec PLAN = new PlanSpec(0.10, 0.2, "relative", null, 0.05, 0.8, null, null);

    /** Statistics fields: units and clicks per arm, and latency values with the given mean and sd per arm. */
    private static Map<String, Double> fields(long unitsA, long clicksA, long unitsB, long clicksB,
            double latencyA, double latencyB, double latencySd) {
        Map<String, Double> f = new HashMap<>();
        put(f, "model-a", unitsA, clicksA, latencyA, latencySd);
        put(f, "model-b", unitsB, clicksB, latencyB, latencySd);
        return f;
    }

    private static void put(Map<String, Double> f, String arm, long units, long clicks, double mean, double sd) {
        f.put(StatsFields.pulls(arm), (double) units);
        f.put(StatsFields.count(arm, "click"), (double) clicks);
        f.put(StatsFields.sum(arm, "click"), (double) clicks);
        f.put(StatsFields.sumOfSquares(arm, "click"), (double) clicks);
        // n values with mean m and sample sd s: sum = n m, sum of squares = (n - 1) s^2 + n m^2.
        f.put(StatsFields.count(arm, "latency"), (double) units);
        f.put(StatsFields.sum(arm, "latency"), units * mean);
        f.put(StatsFields.sumOfSquares(arm, "latency"), (units - 1) * sd * sd + units * mean * mean);
    }

    @Test
    void primaryMetricFiguresMatchTheTwoProportionTestByHand() {
        Analysis a = AnalysisService.analyse(abTest(PLAN, null), fields(5000, 500, 5000, 600, 200, 200, 40));
        ChallengerResult r = a.metrics().get(0).comparisons().get(0);
        double pooled = 1100.0 / 10000;
        double z = 0.02 / Math.sqrt(pooled * (1 - pooled) * (2.0 / 5000));
        assertEquals(2 * (1 - N.cumulativeProbability(z)), r.pValue(), 1e-6);
        assertEquals(0.02, r.absoluteLift(), 1e-12);
        double se = Math.sqrt(0.1 * 0.9 / 5000 + 0.12 * 0.88 / 5000);
        double q = N.inverseCumulativeProbability(0.975);
        assertEquals(0.02 - q * se, r.absoluteInterval()[0], 1e-6);
        assertEquals(0.02 + q * se, r.absoluteInterval()[1], 1e-6);
        assertEquals(0.2, r.relativeLift(), 1e-12);
        assertEquals(0.12, a.metrics().get(0).arms().get(1).value(), 1e-12);
    }

    @Test
    void promotesAWinnerThatPassesItsGuardrails() {
        // Planned sample for 10% -> 12% at alpha 0.05, power 0.8: 3,839 per arm. Latency equal, sd 40 around 200.
        Analysis a = AnalysisService.analyse(abTest(PLAN, null), fields(5000, 500, 5000, 600, 200, 200, 40));
        assertEquals(3839L, a.plannedUnitsPerArm());
        assertFalse(a.sampleRatio().mismatch());
        assertEquals("pass", a.metrics().get(1).comparisons().get(0).guardrail());
        assertEquals(AnalysisService.PROMOTE, a.verdict().decision());
        assertEquals("model-b", a.verdict().challenger());
    }

    @Test
    void fixedHorizonPValuesAreNotValidBeforeThePlannedSample() {
        Analysis a = AnalysisService.analyse(abTest(PLAN, null), fields(2000, 200, 2000, 250, 200, 200, 40));
        ChallengerResult r = a.metrics().get(0).comparisons().get(0);
        assertFalse(r.pValueValid());
        assertFalse(r.significant(), "p = " + r.pValue() + " is below 0.05 but must not count yet");
        assertEquals(AnalysisService.KEEP_RUNNING, a.verdict().decision());
        assertEquals(3839L - 2000, a.verdict().unitsStillNeeded());
    }

    @Test
    void aGuardrailWorseThanItsMarginStopsTheTest() {
        // Latency 200 -> 230 ms (+15%, margin 5%), sd 40, 5,000 units each: far beyond the margin.
        Analysis a = AnalysisService.analyse(abTest(PLAN, null), fields(5000, 500, 5000, 600, 200, 230, 40));
        assertEquals("fail", a.metrics().get(1).comparisons().get(0).guardrail());
        assertEquals(AnalysisService.STOP_GUARDRAIL, a.verdict().decision());
    }

    @Test
    void noDifferenceAtThePlannedSampleKeepsTheControl() {
        Analysis a = AnalysisService.analyse(abTest(PLAN, null), fields(5000, 500, 5000, 505, 200, 200, 40));
        assertEquals(AnalysisService.KEEP_CONTROL, a.verdict().decision());
    }

    @Test
    void aSampleRatioMismatchBlocksEveryVerdict() {
        Analysis a = AnalysisService.analyse(abTest(PLAN, null), fields(5000, 500, 5400, 700, 200, 200, 40));
        assertTrue(a.sampleRatio().mismatch());
        assertEquals(AnalysisService.CHECK_ASSIGNMENT, a.verdict().decision());
    }

    @Test
    void sequentialTestsMayStopEarly() {
        Analysis a = AnalysisService.analyse(abTest(PLAN, "sequential"), fields(3000, 300, 3000, 420, 200, 199, 40));
        ChallengerResult r = a.metrics().get(0).comparisons().get(0);
        assertTrue(r.pValueValid());
        assertTrue(r.pValue() < 0.05, "p = " + r.pValue());
        assertEquals(AnalysisService.PROMOTE, a.verdict().decision(), a.verdict().reason());
        assertEquals("sequential", a.test());
    }
}
