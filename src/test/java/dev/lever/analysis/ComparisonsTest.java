package dev.lever.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.analysis.Views.Analysis;
import dev.lever.analysis.Views.ChallengerResult;
import dev.lever.experiment.ArmSpec;
import dev.lever.experiment.Experiment;
import dev.lever.experiment.ExperimentParser;
import dev.lever.experiment.ExperimentSpec;
import dev.lever.experiment.MetricSpec;
import dev.lever.experiment.PlanSpec;
import dev.lever.stats.RunningSequential;
import dev.lever.stats.UnitMoments;
import dev.lever.store.ArmMoments;
import dev.lever.store.ExperimentStats;
import dev.lever.store.MetricMoments;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** The analysis of A/B experiments from statistics built in the test, at the decision and at the unit level. */
class ComparisonsTest {

    private static final NormalDistribution N = new NormalDistribution();
    private static final PlanSpec PLAN = new PlanSpec(0.10, 0.2, "relative", null, 0.05, 0.8, null, null);

    /** Control model-a, challenger model-b, 50/50; primary metric click, guardrail latency (lower, 5%). */
    static Experiment abTest(PlanSpec plan, String test, String split, String clickForm) {
        Map<String, Object> policy = Map.of("type", "fixed-split", "weights", Map.of("model-a", 0.5, "model-b", 0.5));
        List<MetricSpec> metrics = List.of(new MetricSpec("click", "binary", "higher", null, null, null, clickForm),
                new MetricSpec("latency", "continuous", "lower", true, 0.05, "relative", null));
        return ExperimentParser.parse("checkout", new ExperimentSpec(
                List.of(new ArmSpec("model-a", false), new ArmSpec("model-b", false)), policy, null, null, null, null,
                metrics, split, null, plan, test));
    }

    static Analysis analyse(Experiment experiment, ExperimentStats stats) {
        return new Comparisons(experiment, experiment.plannedShares().orElseThrow(), stats,
                experiment.split().hashed(), Map.of()).analysis();
    }

    /**
     * Decision-level statistics: n decisions per arm, each rewarded with a click (0 or 1) and a latency; the
     * latencies have the given mean and sample standard deviation.
     */
    static ArmMoments decisions(long n, long clicks, double latency, double sd) {
        return new ArmMoments(n, 0, Map.of("click", new MetricMoments(n, clicks,
                clicks - (double) clicks * clicks / n, UnitMoments.EMPTY),
                "latency", new MetricMoments(n, n * latency, (n - 1) * sd * sd, UnitMoments.EMPTY)));
    }

    static ExperimentStats stats(ArmMoments a, ArmMoments b) {
        return new ExperimentStats(Map.of("model-a", a, "model-b", b));
    }

    static ExperimentStats decisionStats(long unitsA, long clicksA, long unitsB, long clicksB, double latencyA,
            double latencyB, double sd) {
        return stats(decisions(unitsA, clicksA, latencyA, sd), decisions(unitsB, clicksB, latencyB, sd));
    }

    @Test
    void aRequestSplitIsAnalysedPerDecisionLikeTheTwoProportionTestByHand() {
        Analysis a = analyse(abTest(PLAN, null, "request", null), decisionStats(5000, 500, 5000, 600, 200, 200, 40));
        assertEquals("decision", a.unit());
        ChallengerResult r = a.metrics().get(0).comparisons().get(0);
        // Wald (unpooled) standard error, as for every estimate-based comparison.
        double se = Math.sqrt(0.1 * 0.9 / 5000 + 0.12 * 0.88 / 5000);
        assertEquals(2 * (1 - N.cumulativeProbability(0.02 / se)), r.pValue(), 1e-9);
        assertEquals(0.02, r.absoluteLift(), 1e-12);
        double q = N.inverseCumulativeProbability(0.975);
        assertEquals(0.02 - q * se, r.absoluteInterval()[0], 1e-9);
        assertEquals(0.02 + q * se, r.absoluteInterval()[1], 1e-9);
        assertEquals(0.2, r.relativeLift(), 1e-12);
        assertEquals(3839L, a.plannedUnitsPerArm());
        assertEquals("pass", a.metrics().get(1).comparisons().get(0).guardrail());
        assertEquals(Verdicts.PROMOTE, a.verdict().decision());
        assertEquals("model-b", a.verdict().challenger());
    }

    @Test
    void fixedHorizonPValuesAreNotValidBeforeThePlannedSample() {
        Analysis a = analyse(abTest(PLAN, null, "request", null), decisionStats(2000, 200, 2000, 250, 200, 200, 40));
        ChallengerResult r = a.metrics().get(0).comparisons().get(0);
        assertFalse(r.pValueValid());
        assertFalse(r.significant(), "p = " + r.pValue() + " is below 0.05 but must not count yet");
        assertEquals("inconclusive", a.metrics().get(1).comparisons().get(0).guardrail());
        assertEquals(Verdicts.KEEP_RUNNING, a.verdict().decision());
        assertNotNull(a.verdict().unitsStillNeeded());
    }

    @Test
    void aGuardrailWorseThanItsMarginStopsTheTest() {
        Analysis a = analyse(abTest(PLAN, null, "request", null), decisionStats(5000, 500, 5000, 600, 200, 230, 40));
        assertEquals("fail", a.metrics().get(1).comparisons().get(0).guardrail());
        assertEquals(Verdicts.STOP_GUARDRAIL, a.verdict().decision());
    }

    @Test
    void aSampleRatioMismatchBlocksEveryVerdict() {
        Analysis a = analyse(abTest(PLAN, null, "request", null), decisionStats(5000, 500, 5400, 700, 200, 200, 40));
        assertTrue(a.sampleRatio().mismatch());
        assertEquals(Verdicts.CHECK_ASSIGNMENT, a.verdict().decision());
    }

    /** Unit-level moments of n units, each with the given exposures, clicks spread as evenly as possible. */
    static UnitMoments clicks(int units, int exposures, int totalClicks) {
        UnitMoments m = UnitMoments.EMPTY;
        for (int u = 0; u < units; u++) {
            int clicks = totalClicks / units + (u < totalClicks % units ? 1 : 0);
            m = m.plus(exposures, clicks, 0);
        }
        return m;
    }

    static ArmMoments users(int units, int exposures, int totalClicks) {
        UnitMoments click = clicks(units, exposures, totalClicks);
        return new ArmMoments((long) units * exposures, units, Map.of("click", new MetricMoments(
                (long) units * exposures, totalClicks, 0, click)));
    }

    /** 1,000 users with 5 visits each; every click comes from a fifth of them, who click on every visit. */
    static ArmMoments clustered() {
        UnitMoments clustered = UnitMoments.EMPTY;
        for (int u = 0; u < 1000; u++) {
            clustered = clustered.plus(5, u < 200 ? 5 : 0, 0);
        }
        return new ArmMoments(5000, 1000, Map.of("click", new MetricMoments(5000, 1000, 0, clustered)));
    }

    @Test
    void aUserSplitCountsUsersNotDecisions() {
        // 1,000 users per arm, 5 visits each; in model-b every click comes from a fifth of the users, who click on
        // every visit: clustered clicks, whose per-user variance is larger than decisions suggest.
        ArmMoments b = clustered();
        Experiment experiment = abTest(null, null, "user", null);
        Analysis a = analyse(experiment, stats(users(1000, 5, 900), b));
        assertEquals("user", a.unit());
        assertEquals(Map.of("model-a", 1000L, "model-b", 1000L), a.units());
        assertEquals(Map.of("model-a", 5000L, "model-b", 5000L), a.decisions());
        ChallengerResult r = a.metrics().get(0).comparisons().get(0);
        assertEquals(0.2 - 0.18, r.absoluteLift(), 1e-12);
        // Delta method with x = 5 for every user: Var(R) = s_yy / (n x^2), the per-user click counts' variance.
        double varB = (200 * 25 - 1000 * 1.0) / 999.0 / 1000 / 25;
        // model-a: 900 clicks, one each for 900 users: s_yy = 900 * 0.1^2 + 100 * 0.9^2 over 999.
        double varA = (900 * 0.01 + 100 * 0.81) / 999.0 / 1000 / 25;
        double se = Math.sqrt(varA + varB);
        assertEquals(2 * (1 - N.cumulativeProbability(0.02 / se)), r.pValue(), 1e-9);
        Analysis perDecision = new Comparisons(experiment, new double[] {0.5, 0.5}, stats(users(1000, 5, 900), b),
                false, Map.of()).analysis();
        assertTrue(perDecision.metrics().get(0).comparisons().get(0).pValue() < r.pValue() / 10,
                "decision level overstates the evidence of clustered clicks");
    }

    @Test
    void perUnitMetricsAreTheShareOfUsersWhoConverted() {
        ArmMoments b = clustered();
        Analysis a = analyse(abTest(null, null, "user", "per-unit"), stats(users(1000, 5, 900), b));
        assertEquals("per-unit", a.metrics().get(0).form());
        // model-a: 900 clicks over 1,000 users spread one each: 90% converted; model-b: 20%.
        assertEquals(0.9, a.metrics().get(0).arms().get(0).value(), 1e-12);
        assertEquals(0.2, a.metrics().get(0).arms().get(1).value(), 1e-12);
    }

    @Test
    void cupedIsReportedBesideThePlainComparison() {
        // Revenue per user y correlated with the pre-experiment revenue p: y = p + noise.
        java.util.Random random = new java.util.Random(7);
        UnitMoments[] arms = new UnitMoments[2];
        for (int arm = 0; arm < 2; arm++) {
            UnitMoments m = UnitMoments.EMPTY;
            for (int u = 0; u < 2000; u++) {
                double pre = 50 + 20 * random.nextGaussian();
                m = m.plus(1, Math.max(0, pre + 5 * random.nextGaussian() + arm), pre);
            }
            arms[arm] = m;
        }
        Map<String, Object> policy = Map.of("type", "fixed-split");
        Experiment experiment = ExperimentParser.parse("revenue", new ExperimentSpec(
                List.of(new ArmSpec("model-a", false), new ArmSpec("model-b", false)), policy, null, null, null, null,
                List.of(new MetricSpec("revenue", "continuous", "higher", null, null, null, "per-unit")), "user", null,
                null, null));
        Analysis a = analyse(experiment, stats(
                new ArmMoments(2000, 2000, Map.of("revenue", new MetricMoments(2000, 100_000, 0, arms[0]))),
                new ArmMoments(2000, 2000, Map.of("revenue", new MetricMoments(2000, 102_000, 0, arms[1])))));
        Views.MetricAnalysis revenue = a.metrics().get(0);
        assertNotNull(revenue.cuped());
        assertTrue(revenue.cuped().varianceReduction() > 0.9, "reduction " + revenue.cuped().varianceReduction());
        ChallengerResult r = revenue.comparisons().get(0);
        double plainWidth = r.absoluteInterval()[1] - r.absoluteInterval()[0];
        double cupedWidth = r.cuped().absoluteInterval()[1] - r.cuped().absoluteInterval()[0];
        assertTrue(cupedWidth < plainWidth / 3, cupedWidth + " vs " + plainWidth);
        assertTrue(r.cuped().pValue() < r.pValue());
    }

    @Test
    void noCupedWithoutCovariates() {
        Analysis a = analyse(abTest(null, null, "user", null), stats(users(1000, 5, 900), users(1000, 5, 950)));
        assertNull(a.metrics().get(0).cuped());
        assertNull(a.metrics().get(0).comparisons().get(0).cuped());
    }

    @Test
    void aRunningSequentialPValueNeverRises() {
        Experiment experiment = abTest(PLAN, "sequential", "request", null);
        Map<String, RunningSequential> running = new HashMap<>();
        // A strong early signal, then data that dilutes it: the always-valid p-value keeps its minimum.
        Comparisons early = new Comparisons(experiment, new double[] {0.5, 0.5},
                decisionStats(3000, 300, 3000, 420, 200, 199, 40), false, running);
        double first = early.analysis().metrics().get(0).comparisons().get(0).pValue();
        assertTrue(first < 0.05, "p = " + first);
        early.updatedRunning().forEach((k, v) -> running.merge(k, v, (o, n) -> o.next(n.pValue(), n.interval())));
        Comparisons later = new Comparisons(experiment, new double[] {0.5, 0.5},
                decisionStats(6000, 600, 6000, 640, 200, 199, 40), false, running);
        Analysis second = later.analysis();
        ChallengerResult r = second.metrics().get(0).comparisons().get(0);
        assertEquals(first, r.pValue(), 0.0, "the p-value of the later look alone is larger; the running one is not");
        assertEquals(Verdicts.PROMOTE, second.verdict().decision());
    }
}
