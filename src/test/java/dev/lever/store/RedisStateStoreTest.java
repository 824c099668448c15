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
import java.util.HashMap;
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
        Map<String, Double> increments = new HashMap<>();
        StatsFields.addValue(increments, "a", StatsFields.REWARD, 1.0);
        store.recordReward(new RewardRecord(id, "7", 60_000, List.of(new Credit("token", increments)))).await().indefinitely();
        long ttl = redis.send(Request.cmd(Command.PTTL).arg(RedisKeys.rewarded(id, "token"))).await()
                .indefinitely().toLong();
        assertTrue(ttl > 59_000 && ttl <= 60_000, "marker lives as long as the window, ttl " + ttl);
    }

    @Test
    void selectionsStoreNothingPerDecision() {
        String id = freshId();
        store.save(id, "{}", 0, "7", Set.of()).await().atMost(Duration.ofSeconds(5));
        for (int i = 0; i < 1_000; i++) {
            store.recordSelection(new Selection(id, "7", new Assignment("a", 1.0), null, false))
                    .await().indefinitely();
        }
        long keys = redis.send(Request.cmd(Command.EXISTS).arg(RedisKeys.meta(id)).arg(RedisKeys.stats(id))
                .arg(RedisKeys.units(id))).await().indefinitely().toLong();
        assertEquals(2, keys, "meta and stats only: no unit assignments, no per-decision records");
        assertEquals(1_000, redis.send(Request.cmd(Command.HGET).arg(RedisKeys.stats(id)).arg("a:n")).await()
                .indefinitely().toLong());
    }

    @Test
    void recoversWhenTheServerForgetsItsScripts() {
        redis.send(Request.cmd(Command.SCRIPT).arg("FLUSH")).await().indefinitely();
        String id = freshId();
        assertTrue(store.save(id, "{}", 0, "7", Set.of()).await().atMost(Duration.ofSeconds(5)).isPresent());
    }
}
