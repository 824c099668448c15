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
