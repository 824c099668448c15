package dev.lever.simulation;

import static dev.lever.simulation.Scenarios.contender;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The discounted policies in the simulator, on arms that change, and the paired comparison of the report. */
class DriftTest {

    private final Simulator simulator = new Simulator(Runtime.getRuntime().availableProcessors());

    /**
     * Two arms at 0.06 and 0.04 swap at steps 10,000 and 20,000 of 30,000 (one decision a second). The winner is
     * judged by the paired 95% interval of the regret difference over 30 runs on the same draws, so the test fails
     * when the advantage is not there, not when the noise is unlucky (a 2.5% chance per comparison for a tie, far
     * less for the margins seen: discounted Thompson pays about half of plain Thompson's regret here).
     */
    @Test
    void discountedThompsonBeatsThompsonAndUcb1WhenArmsSwap() {
        List<ArmModel> arms = List.of(
                new ArmModel("a", 0.06, 0, List.of(new ArmModel.Jump(10_000, 0.04), new ArmModel.Jump(20_000, 0.06)),
                        null),
                new ArmModel("b", 0.04, 0, List.of(new ArmModel.Jump(10_000, 0.06), new ArmModel.Jump(20_000, 0.04)),
                        null));
        Scenario scenario = new Scenario("swap", "", 30_000, 30, 17, arms, 0, 1, 1, List.of(
                contender("thompson", Map.of()), contender("ucb1", Map.of()),
                contender("discounted-thompson", Map.of("halfLife", "1h"))));
        Report report = simulator.run(scenario, ProgressCounter.NONE);
        assertEquals("discounted-thompson{halfLife=1h}", report.recommended().label());
        for (Report.PairedDifference d : report.againstRecommended()) {
            assertFalse(d.tied(), d.policy().label() + " is within noise: +" + d.difference() + " +/- "
                    + d.halfWidth());
        }
        assertArrayEquals(new long[] {10_000, 20_000}, scenario.bestArmChanges());
    }

    /**
     * With a half-life far beyond the run (3650 days at one decision a second against 20,000 seconds), discounting
     * changes the statistics by under 2^-15 and discounted Thompson sampling is Thompson sampling: on stationary arms
     * their paired regret difference must be within noise.
     */
    @Test
    void aVeryLongHalfLifeIsThompsonSampling() {
        Scenario scenario = Scenarios.of(Scenarios.bernoulli(0.5, 0.45, 0.4), 20_000, 30,
                contender("thompson", Map.of()), contender("discounted-thompson", Map.of("halfLife", "3650d")));
        Report report = simulator.run(scenario, ProgressCounter.NONE);
        Report.PairedDifference d = report.againstRecommended().get(0);
        assertTrue(d.tied(), "+" + d.difference() + " +/- " + d.halfWidth());
    }

    @Test
    void theReportTellsATieFromALeadByPairingRuns() {
        Scenario scenario = Scenarios.of(Scenarios.bernoulli(0.5, 0.4), 10, 4, contender("thompson", Map.of()),
                contender("ucb1", Map.of()), contender("fixed-split", Map.of()));
        // Run r of every policy shares its draws: ucb1 is 2 +/- 1 behind thompson run by run (a lead, although the
        // two spreads overlap widely), fixed-split 1 behind in two runs and 1 ahead in the others (a tie).
        double[] thompson = {10, 40, 70, 100};
        double[] ucb = {11, 43, 71, 103};
        double[] split = {11, 41, 69, 99};
        Report report = Report.of(scenario, new long[] {10}, List.of(runs(thompson), runs(ucb), runs(split)));
        assertEquals("thompson{}", report.recommended().label());
        Report.PairedDifference ucbDifference = summaryOf(report, "ucb1{}");
        assertEquals(2.0, ucbDifference.difference(), 1e-12);
        // sd of {1, 3, 1, 3} is 1.1547; t(0.975, 3) = 3.1824; half-width 3.1824 * 1.1547 / 2 = 1.8374.
        assertEquals(1.8374, ucbDifference.halfWidth(), 1e-4);
        assertFalse(ucbDifference.tied());
        assertTrue(summaryOf(report, "fixed-split{}").tied());
        List<String> lines = ReportWriter.recommendation(report);
        assertEquals("Recommended: thompson{} (lowest mean cumulative regret at T = 10: 55.0, p95 100.0)",
                lines.get(0));
        assertTrue(lines.get(1).startsWith("Statistically tied with it (paired 95% interval over 4 runs on the same "
                + "reward draws includes 0): fixed-split{} (+0.0 ± "), lines.get(1));
        assertTrue(lines.get(2).startsWith("Among the tied policies fixed-split{} has the lowest risk of a bad run"),
                lines.get(2));
    }

    private static Report.PairedDifference summaryOf(Report report, String label) {
        return report.againstRecommended().stream().filter(d -> d.policy().label().equals(label)).findFirst()
                .orElseThrow();
    }

    private static List<Run.Result> runs(double[] finals) {
        return java.util.Arrays.stream(finals).mapToObj(r -> new Run.Result(new double[] {r}, 0, 0)).toList();
    }
}
