package dev.lever.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.history.Resolutions;
import dev.lever.observability.StoreMetrics;
import dev.lever.testing.SilentRedisProxy;
import dev.lever.testing.TestRedis;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A batch of pulls whose reply comes after the store timeout, though Redis applied it, counts once: the replica sends
 * it again with the same sequence, and the pulls script skips it. Before batches carried a sequence, the failed batch
 * went back into the pending counts and Redis added it twice.
 */
class LateReplyPullsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String EPOCH = "7";

    private final SilentRedisProxy proxy = new SilentRedisProxy();
    private Vertx vertx;
    private StoreAvailability availability;
    private BufferedPulls buffered;
    private RedisStateStore direct;

    @BeforeEach
    void start() {
        proxy.start();
        vertx = Vertx.vertx();
        availability = new StoreAvailability();
        Redis throughProxy = Redis.createClient(vertx, new RedisOptions().setConnectionString(proxy.uri()));
        // A short store timeout, so that a held reply fails the flush at once; the flush interval is long, so that
        // only the calls of the test flush.
        RedisStateStore store = new RedisStateStore(throughProxy, availability, Duration.ofMillis(100),
                Duration.ofMillis(100), Resolutions.DEFAULT, StoreMetrics.NONE, ReplicaAcks.NONE);
        buffered = new BufferedPulls(store, Duration.ofHours(1), availability, 1000, Resolutions.DEFAULT);
        direct = new RedisStateStore(Redis.createClient(vertx, new RedisOptions()
                .setConnectionString(TestRedis.get().uri())));
    }

    @AfterEach
    void stop() {
        proxy.stop();
        vertx.closeAndAwait();
    }

    @Test
    void aBatchAppliedButAnsweredLateIsSentAgainAndCountsOnce() throws InterruptedException {
        String id = "late-reply-" + System.nanoTime();
        direct.save(id, "{}", 0, EPOCH, Set.of(), null).await().atMost(WAIT);
        int beforeOutage = 40;
        for (int i = 0; i < beforeOutage; i++) {
            // The first one learns the definition's version (a flush of its own); the others wait here.
            buffered.recordSelection(pull(id, i)).await().atMost(WAIT);
        }

        proxy.holdReplies();
        assertThrows(RuntimeException.class, () -> buffered.stats(id).await().atMost(WAIT),
                "the flush before the read gets no reply within the store timeout");
        await(() -> pulls(direct.stats(id).await().atMost(WAIT)) == beforeOutage,
                "Redis applied the batch whose reply is held");
        assertTrue(availability.down(), "the replica counts the store as unreachable");
        int duringOutage = 10;
        for (int i = 0; i < duringOutage; i++) {
            SelectionOutcome outcome = buffered.recordSelection(pull(id, i)).await().atMost(WAIT);
            assertTrue(outcome.degraded(), "served from the last statistics while the store does not answer");
        }

        proxy.releaseReplies();
        await(() -> !availability.down(), "the probe sees the store answer again");
        ExperimentStats read = buffered.stats(id).await().atMost(WAIT);
        assertEquals(beforeOutage + duringOutage, pulls(read),
                "the batch sent again is skipped, the pulls kept during the outage are added once");
        assertEquals(beforeOutage + duringOutage, pulls(direct.stats(id).await().atMost(WAIT)));
        assertEquals(0, buffered.bufferedPulls(), "nothing is left to send");
    }

    private static Selection pull(String id, int i) {
        return new Selection(id, EPOCH, new Assignment("arm-" + i % 3, 1.0 / 3), null, null, false,
                System.currentTimeMillis(), null);
    }

    private static long pulls(ExperimentStats stats) {
        return stats.arm("arm-0").pulls() + stats.arm("arm-1").pulls() + stats.arm("arm-2").pulls();
    }

    /** Waits for a condition, at most five seconds. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 5 s: " + what);
            Thread.sleep(20);
        }
    }
}
