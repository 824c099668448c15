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
        assertEquals("bad.yaml:3: the file has an unknown key 'arm'; allowed: arms, batch, delay, description, "
                + "horizon, name, policies, repetitions, seed", error("horizon: 100\nrepetitions: 2\narm: []\n"));
        assertEquals("bad.yaml:7: policies[0].type must be one of epsilon-greedy, ucb1, thompson, fixed-split, "
                + "was 'softmax'", error("horizon: 100\nrepetitions: 2\n" + ARMS
                        + "policies:\n  - {type: softmax}\n"));
        assertEquals("bad.yaml:3: not valid YAML: could not find expected ':'", error("horizon: 100\nrepetitions\n"
                + "arms: [\n"));
    }
}
