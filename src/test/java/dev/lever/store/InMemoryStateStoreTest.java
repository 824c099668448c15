package dev.lever.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lever.history.Resolutions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryStateStoreTest extends StateStoreContract {

    /** Starts at the wall clock, as the history's retention is measured against the times of real events. */
    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    private final InMemoryStateStore store = new InMemoryStateStore(clock::get, Resolutions.DEFAULT);

    @Override
    StateStore store() {
        return store;
    }

    @Override
    StateStore storeWithLogLimits(LogLimits limits) {
        return new InMemoryStateStore(clock::get, Resolutions.DEFAULT, limits);
    }

    @Test
    void decisionLogEntriesOlderThanTheirMaxAgeAreTrimmed() {
        InMemoryStateStore aging = new InMemoryStateStore(clock::get, Resolutions.DEFAULT, new LogLimits(1000, 60_000));
        String id = freshId();
        aging.save(id, "{}", 0, "42", Set.of(), null).await().atMost(Duration.ofSeconds(1));
        aging.recordPulls(new PullBatch(id, "42", List.of(), java.util.Map.of(), List.of(),
                List.of(logged("old", "a", 0.5))), false).await().atMost(Duration.ofSeconds(1));
        clock.addAndGet(60_001);
        aging.recordPulls(new PullBatch(id, "42", List.of(), java.util.Map.of(), List.of(),
                List.of(logged("new", "a", 0.5))), false).await().atMost(Duration.ofSeconds(1));
        assertEquals(List.of("new"), aging.decisionLog(id, null, 10).await().atMost(Duration.ofSeconds(1)).stream()
                .map(e -> e.entry().decision()).toList());
    }

    @Override
    void letTimePass(Duration duration) {
        clock.addAndGet(duration.toMillis());
    }

    @Test
    void deduplicationEndsWithTheRewardWindow() {
        String id = freshId();
        store.save(id, "{}", 0, "7", Set.of(), null).await().atMost(Duration.ofSeconds(1));
        RewardRecord reward = new RewardRecord(id, "7", 1_000, "a", false, null, List.of(),
                List.of(new Credit("token", "reward", 1.0)), System.currentTimeMillis());
        assertEquals(ACCEPTED, store.recordReward(reward).await().atMost(Duration.ofSeconds(10)));
        clock.addAndGet(999);
        assertEquals(DUPLICATE, store.recordReward(reward).await().atMost(Duration.ofSeconds(10)));
        clock.addAndGet(1);
        // The decision itself has expired by now, so /reward refuses it before it reaches the store.
        assertEquals(ACCEPTED, store.recordReward(reward).await().atMost(Duration.ofSeconds(10)));
    }
}
