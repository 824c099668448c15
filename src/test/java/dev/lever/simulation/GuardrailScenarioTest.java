package dev.lever.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped guardrail scenario, shortened: the best-converting arm, much slower than the incumbent, is shut off in
 * every run of every policy after few decisions, where without the guardrail a bandit would give it most of the
 * traffic; the incumbent (the control) is never stopped, and an arm within the margin rarely.
 */
class GuardrailScenarioTest {

    private static final int HORIZON = 10_000;
    private static final int RUNS = 30;
    private static final int SLOW = 1;
    private static final int STEADY = 2;

    @TempDir
    Path dir;

    @Test
    void theSlowArmIsShutOffWithFewUsersExposed() {
        Scenario shipped = ScenarioReader.read(Path.of("simulations/guardrail-latency.yaml"));
        Report report = new Simulator(2).run(shortened(shipped, shipped.guardrail()), ProgressCounter.NONE);
        int steadyStops = 0;
        for (Report.PolicySummary p : report.policies()) {
            assertEquals(1.0, p.stoppedShare()[SLOW], p.label() + " left the slow arm serving in some runs");
            // 30 observations per arm before any judgement, then one or two refreshes of 100 decisions.
            assertTrue(p.meanPulls()[SLOW] < 150, p.label() + " exposed " + p.meanPulls()[SLOW] + " decisions");
            assertTrue(p.meanStoppedAt()[SLOW] <= 300, p.label() + " stopped it at " + p.meanStoppedAt()[SLOW]);
            assertEquals(0.0, p.stoppedShare()[0], "the control is never stopped");
            steadyStops += (int) Math.round(p.stoppedShare()[STEADY] * RUNS);
        }
        // The steady arm is within the margin (255 ms against a limit of 275 ms): each run stops it with probability
        // at most alpha / 2 = 0.025, the level per arm.
        int runs = RUNS * report.policies().size();
        int bound = new BinomialDistribution(null, runs, 0.025).inverseCumulativeProbability(0.999);
        assertTrue(steadyStops <= bound, "the steady arm was stopped in " + steadyStops + " of " + runs + " runs");
    }

    @Test
    void withoutTheGuardrailABanditGivesTheSlowArmMostOfTheTraffic() {
        Scenario shipped = ScenarioReader.read(Path.of("simulations/guardrail-latency.yaml"));
        Report report = new Simulator(2).run(shortened(shipped, null), ProgressCounter.NONE);
        Report.PolicySummary thompson = Scenarios.summary(report, "thompson");
        assertTrue(thompson.meanPulls()[SLOW] > HORIZON / 2.0, "thompson gave the slow arm "
                + thompson.meanPulls()[SLOW]);
        assertEquals(0.0, thompson.stoppedShare()[SLOW]);
    }

    @Test
    void refusesAHalfDeclaredGuardrail() throws IOException {
        String head = "horizon: 100\nrepetitions: 2\npolicies: [{type: thompson}]\n";
        assertTrue(error(head + "guardrail: {metric: latency, margin: 0.1}\narms:\n  - {id: a, mean: 0.2}\n"
                + "  - {id: b, mean: 0.4, guardrail: {mean: 2, sd: 1}}\n")
                .contains("arms[0].guardrail is missing"));
        assertTrue(error(head + "arms:\n  - {id: a, mean: 0.2, guardrail: {mean: 2, sd: 1}}\n"
                + "  - {id: b, mean: 0.4, guardrail: {mean: 2, sd: 1}}\n")
                .contains("arms[0].guardrail applies when the scenario declares a guardrail"));
        assertTrue(error(head + "guardrail: {metric: latency, margin: 0.1, control: zz}\narms:\n"
                + "  - {id: a, mean: 0.2, guardrail: {mean: 2, sd: 1}}\n"
                + "  - {id: b, mean: 0.4, guardrail: {mean: 2, sd: 1}}\n")
                .contains(":4: guardrail.control must be one of the arm ids, was 'zz'"));
    }

    private String error(String yaml) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml);
        return assertThrows(ScenarioException.class, () -> ScenarioReader.read(file)).getMessage();
    }

    private static Scenario shortened(Scenario s, GuardrailModel guardrail) {
        return new Scenario(s.name(), s.description(), HORIZON, RUNS, s.seed(), s.arms(), s.delay(), s.batch(),
                s.decisionsPerSecond(), s.policies(), guardrail);
    }
}
