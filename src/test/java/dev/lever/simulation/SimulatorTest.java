package dev.lever.simulation;

import static dev.lever.simulation.Scenarios.bernoulli;
import static dev.lever.simulation.Scenarios.contender;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorTest {

    @Test
    void theSameSeedGivesTheSameNumbersWhateverTheThreadCount() {
        Scenario scenario = Scenarios.of(bernoulli(0.1, 0.2, 0.3), 5_000, 12, contender("thompson", Map.of()),
                contender("ucb1", Map.of()), contender("epsilon-greedy", Map.of("epsilon", 0.1)));
        Report one = new Simulator(1).run(scenario, ProgressCounter.NONE);
        Report three = new Simulator(3).run(scenario, ProgressCounter.NONE);
        for (int p = 0; p < one.policies().size(); p++) {
            assertEquals(one.policies().get(p).label(), three.policies().get(p).label());
            assertArrayEquals(one.policies().get(p).mean(), three.policies().get(p).mean(), 0.0);
            assertArrayEquals(one.policies().get(p).p95(), three.policies().get(p).p95(), 0.0);
            assertEquals(one.policies().get(p).meanReward(), three.policies().get(p).meanReward(), 0.0);
        }
    }

    @Test
    void checkpointsHoldTheRoundNumbersTenPerDecadeAndTwoHundredEvenSteps() {
        long[] points = Run.checkpoints(100_000);
        for (long round : new long[] {1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 100_000}) {
            assertTrue(java.util.Arrays.binarySearch(points, round) >= 0, "checkpoint " + round);
        }
        for (long t = 500; t <= 100_000; t += 500) {
            assertTrue(java.util.Arrays.binarySearch(points, t) >= 0, "even checkpoint " + t);
        }
        for (int i = 1; i < points.length; i++) {
            assertTrue(points[i] > points[i - 1], "increasing at " + i);
        }
        assertEquals(100_000, points[points.length - 1]);
        assertArrayEquals(new long[] {1, 2, 3}, Run.checkpoints(3));
    }

    @Test
    void everyShippedScenarioIsValid() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("simulations"))) {
            List<Path> scenarios = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertTrue(scenarios.size() >= 6, "shipped scenarios: " + scenarios);
            for (Path file : scenarios) {
                Scenario scenario = ScenarioReader.read(file);
                assertTrue(scenario.policies().size() >= 2, file + " compares too few policies");
            }
        }
        Scenario chapelle = ScenarioReader.read(Path.of("simulations/chapelle-li-0.1.yaml"));
        assertEquals(10, chapelle.arms().size());
        assertEquals(List.of("thompson", "discounted-thompson(halfLife=1d)", "discounted-thompson(halfLife=7d)",
                "ucb1", "epsilon-greedy(epsilon=0.01)", "epsilon-greedy(epsilon=0.05)",
                "epsilon-greedy(epsilon=0.1)", "epsilon-greedy(epsilon=1.0, decay=true)", "fixed-split"),
                chapelle.policies().stream().map(Scenario.Contender::label).toList());
    }

    @Test
    void writesATableCsvFilesAndCharts(@TempDir Path dir) throws IOException {
        Scenario scenario = Scenarios.of(bernoulli(0.3, 0.5), 2_000, 4, contender("thompson", Map.of()),
                contender("fixed-split", Map.of()));
        Report report = new Simulator(2).run(scenario, ProgressCounter.NONE);
        List<Path> written = ReportWriter.write(report, dir);
        assertEquals(List.of("summary.csv", "regret.csv", "regret.png", "regret.svg"),
                written.stream().map(p -> p.getFileName().toString()).toList());
        List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
        assertEquals("rank,policy,type,regret_mean,regret_p5,regret_p95,best_arm_share,total_reward_mean,"
                + "regret_vs_best,regret_vs_best_ci95,tied_with_best", summary.get(0));
        assertTrue(summary.get(1).startsWith("1,thompson{},thompson,"), summary.get(1));
        assertTrue(Files.readString(dir.resolve("regret.csv")).contains("lai-robbins-asymptote,2000,"));
        byte[] png = Files.readAllBytes(dir.resolve("regret.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertTrue(Files.readString(dir.resolve("regret.svg")).contains("<svg"));

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ReportWriter.printTable(report, new PrintStream(table, true, StandardCharsets.UTF_8));
        String text = table.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Recommended: thompson{}"), text);
        assertTrue(text.contains("An A/B test (fixed-split{}) pays"), text);
    }

    @Test
    void theCommandRunsAScenarioAndRefusesBadOnes(@TempDir Path dir) throws IOException {
        Path scenario = dir.resolve("tiny.yaml");
        Files.writeString(scenario, "horizon: 500\nrepetitions: 2\narms:\n  - {id: a, mean: 0.2}\n"
                + "  - {id: b, mean: 0.4}\npolicies:\n  - type: thompson\n  - type: fixed-split\n");
        assertEquals(0, SimulateCommand.run(new String[] {"--out", dir.toString(), "--threads", "1",
            scenario.toString()}));
        assertTrue(Files.exists(dir.resolve("tiny").resolve("regret.png")));
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "horizon: 500\nrepetitions: 2\narms: []\npolicies: []\n");
        assertEquals(2, SimulateCommand.run(new String[] {broken.toString()}));
        assertEquals(2, SimulateCommand.run(new String[] {"--threads", "zero", scenario.toString()}));
    }

    @Test
    void relativePathsAreTakenFromTheCallersFolder(@TempDir Path caller) throws IOException {
        Files.createDirectories(caller.resolve("mine"));
        Files.writeString(caller.resolve("mine/tiny.yaml"), "horizon: 300\nrepetitions: 2\narms:\n"
                + "  - {id: a, mean: 0.2}\n  - {id: b, mean: 0.4}\npolicies:\n  - type: thompson\n  - type: ucb1\n");
        assertEquals(0, SimulateCommand.run(new String[] {"--out", "results", "--threads", "1", "mine/tiny.yaml"},
                caller));
        assertTrue(Files.exists(caller.resolve("results/tiny/summary.csv")));
    }

    @Test
    void everyPolicyTypeKeepsItsColourAndVariantsTheirOrder() {
        Scenario scenario = Scenarios.of(bernoulli(0.3, 0.5), 100, 2, contender("ucb1", Map.of()),
                contender("epsilon-greedy", Map.of("epsilon", 0.1)), contender("epsilon-greedy", Map.of("epsilon",
                        0.2)));
        assertEquals(6, java.util.stream.Stream.of("thompson", "discounted-thompson", "ucb1", "discounted-ucb",
                "epsilon-greedy", "fixed-split").map(ReportWriter::colour).distinct().count());
        assertEquals(List.of(0, 0, 1), scenario.policies().stream().map(c -> ReportWriter.variant(scenario, c))
                .toList());
        org.knowm.xchart.XYChart chart = ReportWriter.chart(new Simulator(1).run(scenario, ProgressCounter.NONE));
        assertTrue(chart.getStyler().isYAxisLogarithmic(), "regret on a log axis");
        for (Scenario.Contender c : scenario.policies()) {
            assertEquals(ReportWriter.colour(c.policy().type()), chart.getSeriesMap().get(c.label()).getLineColor(),
                    c.label() + " is drawn in its type's colour, whatever its rank");
        }
    }
}
