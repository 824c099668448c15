package dev.lever.store;

import dev.lever.history.Resolution;
import dev.lever.history.Resolutions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.error.LeverException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Batched pull counts stay exact: nothing dropped, nothing counted twice, reads see this replica's pulls. */
class BufferedPullsTest extends StateStoreContract {

    private final BufferedPulls store = new BufferedPulls(new InMemoryStateStore(), Duration.ofMillis(10));

    @Override
    StateStore store() {
        return store;
    }

    @Override
    StateStore storeWithLogLimits(LogLimits limits) {
        return new BufferedPulls(new InMemoryStateStore(System::currentTimeMillis, Resolutions.DEFAULT, limits),
                Duration.ofMillis(10));
    }

    /**
     * Log entries ride with the pull batch and are kept through an outage up to the buffer, beyond which a decision
     * is served and counted but left out of the log, and counted as dropped.
     */
    @Test
    void logEntriesWaitForTheBatchAndAreBoundedDuringAnOutage() throws InterruptedException {
        InMemoryStateStore memory = new InMemoryStateStore();
        Switchable store = new Switchable(memory);
        StoreAvailability availability = new StoreAvailability();
        BufferedPulls buffered = new BufferedPulls(store, Duration.ofMillis(10), availability, 100,
                Resolutions.DEFAULT, 3);
        String id = freshId();
        memory.save(id, "{}", 0, "42", Set.of(), null).await().indefinitely();
        buffered.recordSelection(logged(id, "first")).await().indefinitely();
        assertEquals(List.of("first"), decisions(buffered.decisionLog(id, null, 10).await().indefinitely()),
                "a read adds what is buffered first");
        store.down.set(true);
        buffered.refresh(id, "42", List.of()).await().indefinitely();
        for (int i = 0; i < 5; i++) {
            assertTrue(buffered.recordSelection(logged(id, "outage-" + i)).await().indefinitely().degraded());
        }
        assertEquals(2, availability.droppedLogEntries(), "three held, two dropped");
        store.down.set(false);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (memory.stats(id).await().indefinitely().arm("a").pulls() < 6 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(6, memory.stats(id).await().indefinitely().arm("a").pulls(), "every pull counted");
        assertEquals(List.of("first", "outage-0", "outage-1", "outage-2"),
                decisions(memory.decisionLog(id, null, 10).await().indefinitely()));
    }

    private static Selection logged(String id, String token) {
        return new Selection(id, "42", new Assignment("a", 0.5), null, null, false, System.currentTimeMillis(), null,
                new LogEntry.Decision(token, System.currentTimeMillis(), null, "a", 0.5, "thompson", 1));
    }

    private static List<String> decisions(List<LoggedEntry> entries) {
        return entries.stream().map(e -> e.entry().decision()).toList();
    }

    private static Selection pull(String id, String arm) {
        return new Selection(id, "42", new Assignment(arm, 0.5), null, null, false, System.currentTimeMillis(),
                null);
    }

    @Test
    void bufferedPullsAndAllocationsCountInTheBucketOfTheirSelection() {
        String id = freshId();
        store.save(id, "{}", 0, "42", Set.of(), null).await().atMost(Duration.ofSeconds(10));
        Resolution minutes = Resolutions.DEFAULT.finest();
        long boundary = minutes.start(System.currentTimeMillis()) - 5 * minutes.sizeMillis();
        Allocation before = new Allocation(List.of("a", "b"), new double[] {0.5, 0.5});
        Allocation after = new Allocation(List.of("a", "b"), new double[] {0.9, 0.1});
        for (int i = 0; i < 10; i++) {
            store.recordSelection(new Selection(id, "42", new Assignment("a", 0.5), null, null, false,
                    boundary - 1 - i, before)).await().atMost(Duration.ofSeconds(10));
            store.recordSelection(new Selection(id, "42", new Assignment(i < 9 ? "a" : "b", 0.9), null, null, false,
                    boundary + i, after)).await().atMost(Duration.ofSeconds(10));
        }
        store.recordSelection(new Selection(id, "42", new Assignment("b", 0.1), new Sticky("unit-1", Duration.ofDays(30)), null, false, boundary,
                after)).await().atMost(Duration.ofSeconds(10));
        List<dev.lever.history.BucketTotals> read = store.history(id, "42", minutes, boundary - minutes.sizeMillis(),
                boundary + minutes.sizeMillis()).await().atMost(Duration.ofSeconds(10));
        assertEquals(2, read.size(), "split at the minute boundary");
        assertEquals(10, read.get(0).arm("a").pulls());
        assertEquals(0.5, read.get(0).allocation("a"), 1e-12);
        assertEquals(9, read.get(1).arm("a").pulls());
        assertEquals(2, read.get(1).arm("b").pulls(), "one buffered, one sticky written through");
        assertEquals(11, read.get(1).decisions(), "the sticky decision's allocation came with the batch");
        assertEquals(0.9, read.get(1).allocation("a"), 1e-12);
        assertEquals(0.1, read.get(1).allocation("b"), 1e-12);
    }

    @Test
    void concurrentSelectionsAreCountedExactly() throws Exception {
        String id = freshId();
        store.save(id, "{}", 0, "42", Set.of(), null).await().atMost(Duration.ofSeconds(10));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                work.add(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        store.recordSelection(pull(id, i % 4 == 0 ? "a" : "b")).await().atMost(Duration.ofSeconds(10));
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(work)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        ExperimentStats stats = store.stats(id).await().atMost(Duration.ofSeconds(10));
        assertEquals(8_000, stats.arm("a").pulls());
        assertEquals(24_000, stats.arm("b").pulls());
    }

    @Test
    void pullsSurviveAStoreThatDoesNotAnswer() {
        InMemoryStateStore memory = new InMemoryStateStore();
        AtomicBoolean down = new AtomicBoolean(false);
        StateStore flaky = new ForwardingStateStore(memory) {
            @Override
            public Uni<SelectionOutcome> recordPulls(PullBatch batch, boolean returnStats) {
                return down.get() ? Uni.createFrom().failure(new IllegalStateException("Redis is down"))
                        : memory.recordPulls(batch, returnStats);
            }
        };
        BufferedPulls buffered = new BufferedPulls(flaky, Duration.ofHours(1));
        String id = freshId();
        memory.save(id, "{}", 0, "42", Set.of(), null).await().atMost(Duration.ofSeconds(10));
        buffered.recordSelection(pull(id, "a")).await().atMost(Duration.ofSeconds(10)); // the first one is written at once
        down.set(true);
        for (int i = 0; i < 9; i++) {
            buffered.recordSelection(pull(id, "a")).await().atMost(Duration.ofSeconds(10));
        }
        assertThrows(IllegalStateException.class, () -> buffered.stats(id).await().atMost(Duration.ofSeconds(10)));
        down.set(false);
        assertEquals(10, buffered.stats(id).await().atMost(Duration.ofSeconds(10)).arm("a").pulls(),
                "the batch that failed was kept for the next flush");
    }

    @Test
    void aReadWaitsForFlushesAlreadyUnderWay() throws InterruptedException {
        InMemoryStateStore memory = new InMemoryStateStore();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        StateStore slow = new ForwardingStateStore(memory) {
            @Override
            public Uni<SelectionOutcome> recordPulls(PullBatch batch, boolean returnStats) {
                // The second write (the first in the background) is slow; every later one is fast.
                Duration delay = Duration.ofMillis(calls.incrementAndGet() == 2 ? 300 : 1);
                return Uni.createFrom().voidItem().onItem().delayIt().by(delay)
                        .chain(() -> memory.recordPulls(batch, returnStats));
            }
        };
        BufferedPulls buffered = new BufferedPulls(slow, Duration.ofMillis(5));
        String id = freshId();
        memory.save(id, "{}", 0, "42", Set.of(), null).await().atMost(Duration.ofSeconds(10));
        for (int i = 0; i < 50; i++) {
            buffered.recordSelection(pull(id, "a")).await().atMost(Duration.ofSeconds(10));
        }
        // A background flush has taken some of the pulls by now and its write is still under way.
        Thread.sleep(50);
        assertEquals(50, buffered.stats(id).await().atMost(Duration.ofSeconds(10)).arm("a").pulls());
    }

    @Test
    void aSelectionThatAsksForStatisticsGetsThemWithItsOwnPull() {
        String id = freshId();
        store.save(id, "{}", 0, "42", Set.of(), null).await().atMost(Duration.ofSeconds(10));
        SelectionOutcome quiet = store.recordSelection(pull(id, "a")).await().atMost(Duration.ofSeconds(10));
        assertNull(quiet.stats());
        SelectionOutcome refresh = store.recordSelection(new Selection(id, "42", new Assignment("a", 0.5), null, null,
                true, System.currentTimeMillis(), null)).await().atMost(Duration.ofSeconds(10));
        assertEquals(2, refresh.stats().arm("a").pulls());
        assertEquals(1, refresh.version());
    }

    @Test
    void aDeletedExperimentIsNoticedAtTheNextFlush() {
        String id = freshId();
        store.save(id, "{}", 0, "42", Set.of(), null).await().atMost(Duration.ofSeconds(10));
        assertTrue(store.recordSelection(pull(id, "a")).await().atMost(Duration.ofSeconds(10)).current());
        store.delete(id).await().atMost(Duration.ofSeconds(10));
        store.save(id, "{}", 0, "43", Set.of(), null).await().atMost(Duration.ofSeconds(10));
        SelectionOutcome stale = store.recordSelection(new Selection(id, "42", new Assignment("a", 0.5), null, null,
                true, System.currentTimeMillis(), null)).await().atMost(Duration.ofSeconds(10));
        assertFalse(stale.current());
        assertEquals(ExperimentStats.EMPTY, store.stats(id).await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void shutdownAddsEveryBufferedPull() {
        InMemoryStateStore memory = new InMemoryStateStore();
        BufferedPulls buffered = new BufferedPulls(memory, Duration.ofHours(1));
        String id = freshId();
        memory.save(id, "{}", 0, "42", Set.of(), null).await().indefinitely();
        for (int i = 0; i < 25; i++) {
            buffered.recordSelection(pull(id, i % 5 == 0 ? "a" : "b")).await().indefinitely();
        }
        assertTrue(memory.stats(id).await().indefinitely().arm("b").pulls() < 20, "held in the replica");
        buffered.flushAll(Duration.ofSeconds(5));
        ExperimentStats stats = memory.stats(id).await().indefinitely();
        assertEquals(5, stats.arm("a").pulls());
        assertEquals(20, stats.arm("b").pulls());
    }

    /** A store that answers until told it is unreachable, then fails every call as Redis would. */
    private static final class Switchable extends ForwardingStateStore {
        final AtomicBoolean down = new AtomicBoolean();

        Switchable(StateStore delegate) {
            super(delegate);
        }

        private <T> Uni<T> unlessDown(java.util.function.Supplier<Uni<T>> call) {
            return down.get() ? Uni.createFrom().failure(LeverException.unavailable("Redis did not answer"))
                    : call.get();
        }

        @Override
        public Uni<SelectionOutcome> recordSelection(Selection selection) {
            return unlessDown(() -> delegate.recordSelection(selection));
        }

        @Override
        public Uni<SelectionOutcome> recordPulls(PullBatch batch, boolean returnStats) {
            return unlessDown(() -> delegate.recordPulls(batch, returnStats));
        }

        @Override
        public Uni<Void> ping() {
            return unlessDown(delegate::ping);
        }
    }

    @Test
    void anOutageIsServedDegradedAndItsPullsAddedWhenTheStoreIsBack() throws InterruptedException {
        InMemoryStateStore memory = new InMemoryStateStore();
        Switchable store = new Switchable(memory);
        BufferedPulls buffered = new BufferedPulls(store, Duration.ofMillis(10), new StoreAvailability(), 3,
                Resolutions.DEFAULT);
        String id = freshId();
        memory.save(id, "{}", 0, "42", Set.of(), null).await().indefinitely();
        buffered.recordSelection(pull(id, "a")).await().indefinitely();
        store.down.set(true);
        SelectionOutcome first = buffered.refresh(id, "42", List.of()).await().indefinitely();
        assertTrue(first.degraded() && first.current(), "a refresh that finds the store unreachable is degraded");
        assertTrue(buffered.availability().down());
        SelectionOutcome plain = buffered.recordSelection(pull(id, "a")).await().indefinitely();
        assertTrue(plain.degraded());
        SelectionOutcome sticky = buffered.recordSelection(new Selection(id, "42", new Assignment("b", 0.5),
                new Sticky("user-1", Duration.ofDays(30)), null, false, System.currentTimeMillis(), null))
                .await().indefinitely();
        assertTrue(sticky.degraded());
        assertEquals("b", sticky.assignment().arm(), "a sticky unit gets the chosen arm");
        // Units' exposures are bounded: three units fit, the fourth unit's pull is served but not counted.
        for (int unit = 0; unit < 4; unit++) {
            UnitLevel level = new UnitLevel("u" + unit, Map.of(), List.of(new TrackedMetric("reward", true)));
            assertTrue(buffered.recordSelection(new Selection(id, "42", new Assignment("a", 0.5), null, level, false,
                    System.currentTimeMillis(), null))
                    .await().indefinitely().degraded());
        }
        assertEquals(1, buffered.availability().droppedPulls());
        store.down.set(false);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (memory.stats(id).await().indefinitely().arm("a").pulls() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(buffered.availability().down(), "the probe found the store back");
        ExperimentStats stats = memory.stats(id).await().indefinitely();
        assertEquals(5, stats.arm("a").pulls(), "1 before, 1 plain and 3 units' pulls during the outage");
        assertEquals(1, stats.arm("b").pulls(), "the sticky pull, as a plain pull");
    }
}
