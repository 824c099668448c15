package dev.lever.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.analysis.Views.Analysis;
import dev.lever.analysis.Views.ChallengerResult;
import dev.lever.analysis.Views.MetricAnalysis;
import dev.lever.analysis.Views.SampleRatioView;
import dev.lever.analysis.Views.Verdict;
import dev.lever.experiment.ArmSpec;
import dev.lever.experiment.Experiment;
import dev.lever.experiment.ExperimentParser;
import dev.lever.experiment.ExperimentSpec;
import dev.lever.experiment.MetricSpec;
import dev.lever.experiment.PlanSpec;
import dev.lever.stats.SampleRatio;
import dev.lever.store.ExperimentStats;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The verdict table, and the thresholds that feed it, with data just inside and just outside each of them. */
class VerdictsTest {

    private static final SampleRatioView FINE = new SampleRatioView(0.5, false, Map.of());

    private static ChallengerResult primary(String challenger, double lift, double p, boolean valid,
            double alpha) {
        return new ChallengerResult(challenger, lift, null, null, null, p, valid, valid && p < alpha, null, null);
    }

    private static ChallengerResult guardrail(String challenger, String verdict) {
        return new ChallengerResult(challenger, 0, null, null, null, 0.5, true, false, verdict, null);
    }

    private static MetricAnalysis metric(String id, List<ChallengerResult> results) {
        return new MetricAnalysis(id, "binary", "ratio", "higher", "primary", null, null, List.of(), results, null);
    }

    private static Verdict decide(SampleRatioView srm, List<ChallengerResult> primary,
            List<MetricAnalysis> guardrails, boolean higherIsBetter, boolean sequential, Set<String> reached) {
        List<String> challengers = primary.stream().map(ChallengerResult::challenger).toList();
        return Verdicts.decide(new Verdicts.Input("a", challengers, sequential, true, 0.05, srm,
                Map.of("a", 1000L, "b", 1000L), metric("click", primary), higherIsBetter, guardrails, reached,
                Map.of("b", 400L), "users"));
    }

    @Test
    void aSampleRatioMismatchComesFirst() {
        Verdict v = decide(new SampleRatioView(0.0009, true, Map.of()), List.of(primary("b", 0.1, 0.001, true, 0.05)),
                List.of(), true, false, Set.of("b"));
        assertEquals(Verdicts.CHECK_ASSIGNMENT, v.decision());
        assertTrue(v.reason().contains("users per arm"), v.reason());
    }

    @Test
    void aFailedGuardrailStopsEvenAWinner() {
        Verdict v = decide(FINE, List.of(primary("b", 0.1, 0.001, true, 0.05)),
                List.of(metric("latency", List.of(guardrail("b", "fail")))), true, false, Set.of("b"));
        assertEquals(Verdicts.STOP_GUARDRAIL, v.decision());
        assertEquals("b", v.challenger());
    }

    @Test
    void aWinnerWithAnInconclusiveGuardrailIsNotPromoted() {
        Verdict v = decide(FINE, List.of(primary("b", 0.1, 0.001, true, 0.05)),
                List.of(metric("latency", List.of(guardrail("b", "inconclusive")))), true, false, Set.of("b"));
        assertEquals(Verdicts.KEEP_CONTROL, v.decision());
        assertTrue(v.reason().contains("[latency] are not shown non-inferior"), v.reason());
    }

    @Test
    void theDirectionDecidesWhatAGainIs() {
        List<ChallengerResult> lower = List.of(primary("b", -5, 0.001, true, 0.05));
        assertEquals(Verdicts.PROMOTE, decide(FINE, lower, List.of(), false, false, Set.of("b")).decision());
        Verdict worse = decide(FINE, lower, List.of(), true, false, Set.of("b"));
        assertEquals(Verdicts.KEEP_CONTROL, worse.decision());
        assertTrue(worse.reason().contains("significantly worse"), worse.reason());
    }

    @Test
    void justAboveAlphaIsNoWinJustBelowIs() {
        assertEquals(Verdicts.KEEP_CONTROL, decide(FINE, List.of(primary("b", 0.1, 0.0501, true, 0.05)), List.of(),
                true, false, Set.of("b")).decision());
        assertEquals(Verdicts.PROMOTE, decide(FINE, List.of(primary("b", 0.1, 0.0499, true, 0.05)), List.of(), true,
                false, Set.of("b")).decision());
    }

    @Test
    void anUndecidedChallengerKeepsItRunningWithTheUnitsStillNeeded() {
        Verdict v = decide(FINE, List.of(primary("b", 0.1, 0.2, true, 0.05)), List.of(), true, true, Set.of());
        assertEquals(Verdicts.KEEP_RUNNING, v.decision());
        assertEquals(400L, v.unitsStillNeeded());
        assertTrue(v.reason().contains("400 more users per arm"), v.reason());
    }

    /** Three arms, 10,000 decisions each; a challenger's clicks decide its p-value against the control's 1,000. */
    private static Analysis threeArms(long clicksB, long clicksC) {
        Map<String, Object> policy = Map.of("type", "fixed-split");
        Experiment experiment = ExperimentParser.parse("three", new ExperimentSpec(
                List.of(new ArmSpec("a", false), new ArmSpec("b", false), new ArmSpec("c", false)), policy, null,
                null, null, null, List.of(new MetricSpec("click", "binary", "higher", null, null, null, null)), "request",
                null, new PlanSpec(0.10, 0.5, "relative", null, 0.05, 0.8, null, null), null));
        ExperimentStats stats = new ExperimentStats(Map.of("a", ComparisonsTest.decisions(10_000, 1000, 0, 0),
                "b", ComparisonsTest.decisions(10_000, clicksB, 0, 0),
                "c", ComparisonsTest.decisions(10_000, clicksC, 0, 0)));
        return new Comparisons(experiment, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, stats, false, Map.of())
                .analysis();
    }

    @Test
    void threeArmsSplitAlphaBetweenTheChallengers() {
        // b at 10.90%: p about 0.035, below 0.05 but above the Bonferroni level 0.025; c unchanged.
        Analysis between = threeArms(1090, 1000);
        double p = between.metrics().get(0).comparisons().get(0).pValue();
        assertTrue(p > 0.025 && p < 0.05, "p = " + p);
        assertEquals(Verdicts.KEEP_CONTROL, between.verdict().decision(), between.verdict().reason());
        // b at 11.10%: p about 0.011, below 0.025.
        Analysis below = threeArms(1110, 1000);
        assertTrue(below.metrics().get(0).comparisons().get(0).pValue() < 0.025);
        assertEquals(Verdicts.PROMOTE, below.verdict().decision());
        assertEquals("b", below.verdict().challenger());
    }

    @Test
    void sampleRatioMismatchIsFlaggedAroundPOf0001() {
        // 50/50 with 20,000 units: chi-square p crosses 0.001 between 10,230 and 10,240 units in one arm.
        assertTrue(SampleRatio.test(new long[] {10_240, 9_760}, new double[] {0.5, 0.5},
                SampleRatio.DEFAULT_THRESHOLD).flagged());
        assertTrue(!SampleRatio.test(new long[] {10_230, 9_770}, new double[] {0.5, 0.5},
                SampleRatio.DEFAULT_THRESHOLD).flagged());
    }
}
