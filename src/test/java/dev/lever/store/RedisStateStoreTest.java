package dev.lever.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.testing.TestRedis;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisStateStoreTest extends StateStoreContract {

    private static Vertx vertx;
    private static Redis redis;
    private static RedisStateStore store;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(TestRedis.get().uri())
                .setMaxPoolSize(16).setMaxPoolWaiting(4096));
        store = new RedisStateStore(redis);
    }

    @AfterAll
    static void disconnect() {
        redis.close();
        vertx.closeAndAwait();
    }

    @Override
    StateStore store() {
        return store;
    }

    @Test
    void rewardMarkersExpireWithTheRewardWindow() {
        String id = freshId();
        store.save(id, "{}", 0, "7", Set.of()).await().atMost(Duration.ofSeconds(5));
        store.recordReward(new RewardRecord(id, "7", 60_000, "a", false, null, List.of(),
                List.of(new Credit("token", "reward", 1.0)))).await().atMost(Duration.ofSeconds(10));
        long ttl = redis.send(Request.cmd(Command.PTTL).arg(RedisKeys.rewarded(id, "token"))).await()
                .atMost(Duration.ofSeconds(10)).toLong();
        assertTrue(ttl > 59_000 && ttl <= 60_000, "marker lives as long as the window, ttl " + ttl);
    }

    @Test
    void selectionsStoreNothingPerDecision() {
        String id = freshId();
        store.save(id, "{}", 0, "7", Set.of()).await().atMost(Duration.ofSeconds(5));
        for (int i = 0; i < 1_000; i++) {
            store.recordSelection(new Selection(id, "7", new Assignment("a", 1.0), null, null, false))
                    .await().atMost(Duration.ofSeconds(10));
        }
        long keys = redis.send(Request.cmd(Command.EXISTS).arg(RedisKeys.meta(id)).arg(RedisKeys.stats(id))
                .arg(RedisKeys.units(id))).await().atMost(Duration.ofSeconds(10)).toLong();
        assertEquals(2, keys, "meta and stats only: no unit assignments, no per-decision records");
        assertEquals(1_000, redis.send(Request.cmd(Command.HGET).arg(RedisKeys.stats(id)).arg("a:n")).await()
                .atMost(Duration.ofSeconds(10)).toLong());
    }

    @Test
    void unitRecordsGoWithTheirExperiment() {
        String id = freshId();
        store.save(id, "{}", 0, "42", Set.of()).await().atMost(Duration.ofSeconds(5));
        for (int i = 0; i < 10; i++) {
            store.recordSelection(exposure(id, "a", "u" + i, Map.of())).await().atMost(Duration.ofSeconds(10));
        }
        assertEquals(10, redis.send(Request.cmd(Command.HLEN).arg(RedisKeys.unitRecords(id))).await()
                .atMost(Duration.ofSeconds(10)).toLong());
        assertTrue(store.delete(id).await().atMost(Duration.ofSeconds(10)));
        assertEquals(0, redis.send(Request.cmd(Command.EXISTS).arg(RedisKeys.unitRecords(id))
                .arg(RedisKeys.stats(id))).await().atMost(Duration.ofSeconds(10)).toLong());
    }

    @Test
    void recoversWhenTheServerForgetsItsScripts() {
        redis.send(Request.cmd(Command.SCRIPT).arg("FLUSH")).await().atMost(Duration.ofSeconds(10));
        String id = freshId();
        assertTrue(store.save(id, "{}", 0, "7", Set.of()).await().atMost(Duration.ofSeconds(5)).isPresent());
    }
}
