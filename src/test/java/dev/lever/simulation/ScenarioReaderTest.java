package dev.lever.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad scenario files are refused with the file, the line, the field and what is allowed. */
class ScenarioReaderTest {

    @TempDir
    Path dir;

    private String error(String yaml) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml);
        return assertThrows(ScenarioException.class, () -> ScenarioReader.read(file)).getMessage()
                .replace(file.toString(), "bad.yaml");
    }

    private static final String ARMS = "arms:\n  - {id: a, mean: 0.2}\n  - {id: b, mean: 0.4}\n";

    @Test
    void namesTheLineAndTheField() throws IOException {
        assertEquals("bad.yaml:5: arms[1].mean must be in [0, 1] for a Bernoulli arm (give an sd for a Gaussian "
                + "arm), was 1.4", error("horizon: 100\nrepetitions: 2\narms:\n  - {id: a, mean: 0.2}\n"
                + "  - {id: b, mean: 1.4}\npolicies: [{type: thompson}]\n"));
        assertEquals("bad.yaml:7: policies[0].epsilon must be in [0, 1], was 2.0",
                error("horizon: 100\nrepetitions: 2\n" + ARMS + "policies:\n  - {type: epsilon-greedy, "
                        + "epsilon: 2}\n"));
        assertEquals("bad.yaml:1: horizon must be a whole number in [1, 100000000], was 'lots'",
                error("horizon: lots\nrepetitions: 2\n" + ARMS + "policies: [{type: thompson}]\n"));
        assertEquals("bad.yaml:1: repetitions is missing: runs per policy, e.g. 100",
                error("horizon: 100\n" + ARMS + "policies: [{type: thompson}]\n"));
        assertEquals("bad.yaml:3: the file has an unknown key 'arm'; allowed: arms, batch, decisionsPerSecond, delay, "
                + "description, guardrail, horizon, name, policies, repetitions, seed", error("horizon: 100\nrepetitions: 2\narm: []\n"));
        assertEquals("bad.yaml:7: policies[0].type must be one of epsilon-greedy, ucb1, thompson, "
                + "discounted-thompson, discounted-ucb, fixed-split, linucb, linear-thompson, was 'softmax'", error("horizon: 100\nrepetitions: 2\n" + ARMS
                        + "policies:\n  - {type: softmax}\n"));
        assertEquals("bad.yaml:7: policies[0].type linucb chooses by the request's context, which a scenario file's "
                + "arms do not have: run the contextual scenarios with ./simulate --contextual",
                error("horizon: 100\nrepetitions: 2\n" + ARMS + "policies:\n  - {type: linucb}\n"));
        assertEquals("bad.yaml:3: not valid YAML: could not find expected ':'", error("horizon: 100\nrepetitions\n"
                + "arms: [\n"));
    }

    @Test
    void discountedPoliciesNeedTheTrafficAndAValidHalfLife() throws IOException {
        assertEquals("bad.yaml:1: decisionsPerSecond is missing: discounted-thompson(halfLife=6h) discounts evidence "
                + "by its age, so the scenario must say how many decisions it models per second, e.g. "
                + "decisionsPerSecond: 2", error("horizon: 100\nrepetitions: 2\n" + ARMS
                        + "policies:\n  - {type: discounted-thompson, halfLife: 6h}\n"));
        assertEquals("bad.yaml:8: policies[0].halfLife must be a duration such as 90s, 30m, 24h, 7d or PT24H, was "
                + "'six hours'", error("horizon: 100\nrepetitions: 2\ndecisionsPerSecond: 1\n" + ARMS
                        + "policies:\n  - {type: discounted-ucb, halfLife: six hours}\n"));
        assertEquals("bad.yaml:1: decisionsPerSecond must be > 0, was 0.0", error("decisionsPerSecond: 0\n"
                + "horizon: 100\nrepetitions: 2\n" + ARMS + "policies: [{type: thompson}]\n"));
        Path file = dir.resolve("sweep.yaml");
        Files.writeString(file, "horizon: 100\nrepetitions: 2\ndecisionsPerSecond: 2.5\n" + ARMS
                + "policies:\n  - {type: discounted-thompson, halfLife: [30m, 1d]}\n");
        Scenario scenario = ScenarioReader.read(file);
        assertEquals(2.5, scenario.decisionsPerSecond());
        assertEquals(java.util.List.of("discounted-thompson(halfLife=30m)", "discounted-thompson(halfLife=1d)"),
                scenario.policies().stream().map(Scenario.Contender::label).toList());
    }
}
