package dev.lever.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark counts what its load added to Redis, so its servers must start empty. A {@code redis-server} started
 * in the repository without {@code --dir} loads the {@code dump.rdb} found there (saving off does not stop loading),
 * and a replica writes one there when it syncs: the next run then starts from that run's counts.
 */
class BenchRunTest {

    @Test
    void everyRedisServerOfTheBenchmarkKeepsItsDataInTheRunsOwnDirectory() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("bench/run"));
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("redis-server ")) {
                StringBuilder command = new StringBuilder(line);
                while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
                    command.append(' ').append(lines.get(++i).strip());
                }
                commands.add(command.toString());
            }
        }
        assertEquals(2, commands.size(), "bench/run starts a primary and a replica: " + commands);
        for (String command : commands) {
            assertTrue(command.contains("--dir \"$WORK/"), "started outside the run's directory: " + command);
        }
    }

    @Test
    void theRepositoryHoldsNoRedisDump() {
        assertTrue(Files.notExists(Path.of("dump.rdb")), "a dump.rdb in the repository is loaded by a redis-server "
                + "started there");
    }
}
