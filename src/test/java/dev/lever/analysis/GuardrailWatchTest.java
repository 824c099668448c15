package dev.lever.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lever.experiment.Arm;
import dev.lever.experiment.ArmStop;
import dev.lever.experiment.Experiment;
import dev.lever.experiment.ExperimentParser;
import dev.lever.experiment.ExperimentSpec;
import dev.lever.store.ArmMoments;
import dev.lever.store.ExperimentStats;
import dev.lever.store.MetricMoments;
import dev.lever.stats.UnitMoments;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which arms the service stops from one statistics snapshot: only watched arms (not the control, not one an operator
 * reinstated), only with enough observations, at the level split among the other arms; and at 1,000 arms the check
 * stays cheap enough to run at every refresh.
 */
class GuardrailWatchTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void stopsTheSlowArmOnlyWithItsRecord() {
        Experiment experiment = bandit("[\"a\", \"b\", \"c\", \"d\"]");
        ExperimentStats stats = stats(Map.of("a", latency(100, 100, 10), "b", latency(100, 200, 10),
                "c", latency(100, 101, 10), "d", latency(20, 400, 10)));
        Map<String, ArmStop> stops = GuardrailWatch.failures(experiment, stats, NOW);
        assertEquals(1, stops.size(), "only b: c is within the margin, d has too few observations: " + stops);
        ArmStop stop = stops.get("b");
        assertEquals("latency", stop.metric());
        assertEquals("a", stop.control());
        assertEquals(200, stop.armValue(), 1e-9);
        assertEquals(1.1 * 100 - 200, stop.contrast(), 1e-9);
        assertTrue(stop.interval().get(1) < 0);
        assertEquals(0.05 / 3, stop.alpha(), 1e-12);
        assertEquals("2026-01-02T03:04:05Z", stop.stoppedAt());
        assertNull(stop.reinstatedAt());
    }

    @Test
    void neverJudgesTheControlNorAReinstatedArm() {
        Experiment experiment = bandit("[\"a\", \"b\"]");
        // The control is far slower than b: only challengers are stopped.
        ExperimentStats stats = stats(Map.of("a", latency(100, 300, 10), "b", latency(100, 100, 10)));
        assertTrue(GuardrailWatch.failures(experiment, stats, NOW).isEmpty());

        Experiment slowB = bandit("[\"a\", \"b\", \"c\"]");
        ExperimentStats bad = stats(Map.of("a", latency(100, 100, 10), "b", latency(100, 200, 10),
                "c", latency(100, 100, 10)));
        ArmStop stop = GuardrailWatch.failures(slowB, bad, NOW).get("b");
        Experiment stopped = slowB.withStopped("b", stop);
        assertTrue(stopped.arms().get(1).stopped());
        assertFalse(stopped.activeArms().stream().anyMatch(a -> a.id().equals("b")));
        Experiment reinstated = stopped.withReinstated("b", "2026-01-02T04:00:00Z");
        Arm b = reinstated.arms().get(1);
        assertFalse(b.retired());
        assertEquals("2026-01-02T04:00:00Z", b.stop().reinstatedAt());
        assertTrue(GuardrailWatch.failures(reinstated, bad, NOW).isEmpty(), "an operator's override stands");
    }

    @Test
    void aReplaceKeepsTheStoredRecordAndBringingTheArmBackReinstatesIt() {
        Experiment slow = bandit("[\"a\", \"b\", \"c\"]");
        ExperimentStats bad = stats(Map.of("a", latency(100, 100, 10), "b", latency(100, 200, 10)));
        Experiment stopped = slow.withStopped("b", GuardrailWatch.failures(slow, bad, NOW).get("b"));
        // A replace that lists b as retired, without a record: the stored record is kept, still in force.
        Experiment keptRetired = bandit("[\"a\", {\"id\": \"b\", \"retired\": true}, \"c\"]")
                .withStopsOf(stopped, "later");
        assertTrue(keptRetired.arms().get(1).stopped());
        // A replace that brings b back (retired: false): reinstated, the record kept.
        Experiment back = bandit("[\"a\", {\"id\": \"b\", \"retired\": false}, \"c\"]").withStopsOf(stopped, "later");
        assertFalse(back.arms().get(1).retired());
        assertEquals("later", back.arms().get(1).stop().reinstatedAt());
        // A new experiment starts without records.
        assertNull(keptRetired.withStopsOf(null, "later").arms().get(1).stop());
    }

    @Test
    void aThousandArmsAreJudgedQuickly() {
        StringBuilder arms = new StringBuilder("[");
        Map<String, ArmMoments> moments = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            arms.append(i == 0 ? "" : ",").append("\"arm-").append(i).append('"');
            moments.put("arm-" + i, latency(200, i == 500 ? 200 : 100, 10));
        }
        Experiment experiment = bandit(arms.append(']').toString());
        ExperimentStats stats = stats(moments);
        long start = System.nanoTime();
        Map<String, ArmStop> stops = null;
        for (int i = 0; i < 100; i++) {
            stops = GuardrailWatch.failures(experiment, stats, NOW);
        }
        double perCheckMillis = (System.nanoTime() - start) / 1e6 / 100;
        assertNotNull(stops);
        assertEquals(Set.of("arm-500"), stops.keySet());
        // A refresh happens every 100 ms by default: a check must take a small part of that even on a slow machine.
        assertTrue(perCheckMillis < 20, "one check of 1,000 arms took " + perCheckMillis + " ms");
    }

    @Test
    void anAbTestWhoseOnlyChallengerWasStoppedStillHasAnAnalysis() throws IOException {
        Experiment ab = ExperimentParser.parse("guard-ab", JSON.readValue("{\"arms\": [\"a\", \"b\"], \"policy\": "
                + "{\"type\": \"fixed-split\"}, \"split\": \"request\", \"autoStop\": true, \"metrics\": "
                + "[{\"id\": \"conversion\"}, {\"id\": \"latency\", \"type\": \"continuous\", \"direction\": "
                + "\"lower\", \"guardrail\": true, \"margin\": 0.1}]}", ExperimentSpec.class));
        ExperimentStats bad = stats(Map.of("a", latency(100, 100, 10), "b", latency(100, 200, 10)));
        ArmStop stop = GuardrailWatch.failures(ab, bad, NOW).get("b");
        assertEquals(0.05, stop.alpha(), 1e-12, "one challenger: the whole alpha");
        Experiment stopped = ab.withStopped("b", stop);
        Views.Analysis analysis = new Comparisons(stopped, stopped.plannedShares().orElseThrow(), bad, false,
                Map.of()).analysis();
        assertEquals(Set.of("b"), analysis.guardrailStops().keySet());
        assertEquals("keep-control", analysis.verdict().decision());
        assertFalse(analysis.sampleRatio().mismatch());
    }

    private static Experiment bandit(String arms) {
        try {
            ExperimentSpec spec = JSON.readValue("{\"arms\": " + arms + ", \"policy\": {\"type\": \"thompson\"},"
                    + "\"metrics\": [{\"id\": \"conversion\"}, {\"id\": \"latency\", \"type\": \"continuous\","
                    + "\"direction\": \"lower\", \"guardrail\": true, \"margin\": 0.1}]}", ExperimentSpec.class);
            return ExperimentParser.parse("guard", spec);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** An arm with n latencies of the given mean and standard deviation. */
    private static ArmMoments latency(long n, double mean, double sd) {
        return new ArmMoments(n, 0, Map.of("latency", new MetricMoments(n, n * mean, sd * sd * (n - 1),
                UnitMoments.EMPTY)));
    }

    private static ExperimentStats stats(Map<String, ArmMoments> arms) {
        return new ExperimentStats(arms);
    }
}
