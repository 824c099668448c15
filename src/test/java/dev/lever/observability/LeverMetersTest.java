package dev.lever.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/** The series cap, its overflow, the removal of a deleted experiment's series, and what the gauges read. */
class LeverMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double selections(String experiment, String arm, String policy) {
        Counter counter = registry.find(LeverMeters.SELECTIONS).tags("experiment", experiment, "arm", arm, "policy",
                policy).counter();
        return counter == null ? Double.NaN : counter.count();
    }

    private double rewards(String experiment, String arm, RewardResult result) {
        Counter counter = registry.find(LeverMeters.REWARDS).tags("experiment", experiment, "arm", arm, "outcome",
                result.label()).counter();
        return counter == null ? Double.NaN : counter.count();
    }

    @Test
    void pairsBeyondTheCapAreCountedUnderOtherAndTotalsStayExact() {
        LeverMeters meters = new LeverMeters(registry, 3);
        ExperimentSeries first = meters.experiment("first", "thompson", List.of("a", "b"));
        ExperimentSeries second = meters.experiment("second", "ucb1", List.of("a", "b", "c"));
        assertEquals(3, meters.pairs());

        first.selected("a");
        first.selected("b");
        second.selected("a");
        second.selected("b");
        second.selected("c");
        second.selected("c");
        second.rewarded("c", RewardResult.ACCEPTED);

        assertEquals(1, selections("first", "a", "thompson"));
        assertEquals(1, selections("first", "b", "thompson"));
        assertEquals(1, selections("second", "a", "ucb1"));
        assertEquals(Double.NaN, selections("second", "b", "ucb1"), "beyond the cap: no series of its own");
        assertEquals(3, selections(LeverMeters.OTHER, LeverMeters.OTHER, "ucb1"));
        assertEquals(1, rewards(LeverMeters.OTHER, LeverMeters.OTHER, RewardResult.ACCEPTED));
        double total = registry.find(LeverMeters.SELECTIONS).counters().stream().mapToDouble(Counter::count).sum();
        assertEquals(6, total);
    }

    @Test
    void aDeletedExperimentsSeriesGoAndFreeTheirPlaces() {
        LeverMeters meters = new LeverMeters(registry, 2);
        ExperimentSeries old = meters.experiment("old", "thompson", List.of("a", "b"));
        old.selected("a");
        meters.forget("old");
        assertEquals(0, meters.pairs());
        assertEquals(List.of(), meters.meters("old"));

        meters.experiment("new", "thompson", List.of("x", "y")).selected("y");
        assertEquals(1, selections("new", "y", "thompson"));
        assertEquals(2, meters.pairs());
    }

    @Test
    void aLateRewardNeverCreatesSeries() {
        LeverMeters meters = new LeverMeters(registry, 10);
        meters.experiment("live", "thompson", List.of("a", "b"));
        meters.rewarded("live", "a", RewardResult.EXPIRED);
        meters.rewarded("deleted", "a", RewardResult.EXPIRED);

        assertEquals(1, rewards("live", "a", RewardResult.EXPIRED));
        assertEquals(1, rewards(LeverMeters.OTHER, LeverMeters.OTHER, RewardResult.EXPIRED));
        assertEquals(List.of(), meters.meters("deleted"));
        assertEquals(2, meters.pairs());
    }

    @Test
    void aNewDefinitionReusesThePairsAndAChangedPolicyGetsItsOwnSelectionSeries() {
        LeverMeters meters = new LeverMeters(registry, 2);
        meters.experiment("e", "thompson", List.of("a", "b")).selected("a");
        meters.experiment("e", "epsilon-greedy", List.of("a", "b")).selected("a");
        assertEquals(2, meters.pairs());
        assertEquals(1, selections("e", "a", "thompson"));
        assertEquals(1, selections("e", "a", "epsilon-greedy"));
    }

    @Test
    void theGaugesReadWhatTheStoreAndDecisionsHandOver() {
        LeverMeters meters = new LeverMeters(registry, 10);
        Gauge degraded = registry.find("lever.degraded").gauge();
        Gauge buffer = registry.find("lever.pull.buffer.size").gauge();
        Gauge age = registry.find("lever.snapshot.age").gauge();
        FunctionCounter dropped = registry.find("lever.pulls.dropped").functionCounter();
        assertEquals(0, degraded.value());
        assertEquals(0, buffer.value());
        assertEquals(0, age.value());

        AtomicBoolean down = new AtomicBoolean();
        AtomicLong held = new AtomicLong();
        AtomicLong lost = new AtomicLong();
        meters.outage(down::get, held::get, lost::get);
        meters.snapshotAge(() -> 2_500_000_000L);
        down.set(true);
        held.set(42);
        lost.set(7);
        assertEquals(1, degraded.value());
        assertEquals(42, buffer.value());
        assertEquals(7, dropped.count());
        assertEquals(2.5, age.value(), 1e-12);
        down.set(false);
        assertEquals(0, degraded.value());
    }

    @Test
    void roundTripsAreTimedByOperation() {
        LeverMeters meters = new LeverMeters(registry, 10);
        LongConsumer reward = meters.roundTrip("reward");
        reward.accept(TimeUnit.MICROSECONDS.toNanos(300));
        reward.accept(TimeUnit.MICROSECONDS.toNanos(500));
        Timer timer = registry.find(LeverMeters.ROUND_TRIP).tag("operation", "reward").timer();
        assertEquals(2, timer.count());
        assertEquals(0.8, timer.totalTime(TimeUnit.MILLISECONDS), 1e-9);
        assertNull(registry.find(LeverMeters.ROUND_TRIP).tag("operation", "select").timer());
    }

    @Test
    void aNegativeCapIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LeverMeters(registry, -1));
    }
}
