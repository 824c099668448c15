package dev.lever.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.history.ArmTotals;
import dev.lever.history.BucketTotals;
import dev.lever.history.Resolution;
import dev.lever.history.Resolutions;
import dev.lever.testing.TestRedis;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
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
                List.of(new Credit("token", "reward", 1.0)), System.currentTimeMillis())).await()
                .atMost(Duration.ofSeconds(10));
        long ttl = redis.send(Request.cmd(Command.PTTL).arg(RedisKeys.rewarded(id, "token"))).await()
                .atMost(Duration.ofSeconds(10)).toLong();
        assertTrue(ttl > 59_000 && ttl <= 60_000, "marker lives as long as the window, ttl " + ttl);
    }

    @Test
    void selectionsStoreNothingPerDecision() {
        String id = freshId();
        store.save(id, "{}", 0, "7", Set.of()).await().atMost(Duration.ofSeconds(5));
        for (int i = 0; i < 1_000; i++) {
            store.recordSelection(new Selection(id, "7", new Assignment("a", 1.0), null, null, false,
                    System.currentTimeMillis(), null)).await().atMost(Duration.ofSeconds(10));
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

    /**
     * Writes a day of history as a busy two-arm experiment makes it (every minute: pulls and allocation of both
     * arms, rewards of both) and measures it with {@code MEMORY USAGE}: the figure docs/how-it-works.md quotes.
     */
    @Test
    void aDayOfHistoryHasBoundedMemoryAndGoesWithItsExperiment() {
        String id = freshId();
        store.save(id, "{}", 0, "7", Set.of()).await().atMost(Duration.ofSeconds(5));
        Resolution minutes = Resolutions.DEFAULT.finest();
        Resolution hours = Resolutions.DEFAULT.coarsest();
        long first = minutes.start(System.currentTimeMillis()) - Duration.ofDays(1).toMillis() + minutes.sizeMillis();
        Set<String> minuteKeys = new java.util.LinkedHashSet<>();
        Set<String> hourKeys = new java.util.LinkedHashSet<>();
        for (int m = 0; m < 1_440; m++) {
            long at = first + m * minutes.sizeMillis();
            store.recordPulls(new PullBatch(id, "7", List.of(new BucketTotals(at, 1_000, Map.of(
                    "arm-a", new ArmTotals(612, 612.3456789, Map.of()),
                    "arm-b", new ArmTotals(388, 387.6543211, Map.of())))), Map.of(), List.of()), false)
                    .await().atMost(Duration.ofSeconds(10));
            for (String arm : List.of("arm-a", "arm-b")) {
                store.recordReward(new RewardRecord(id, "7", 0, arm, false, null, List.of(),
                        List.of(new Credit(null, "reward", 12.75)), at)).await().atMost(Duration.ofSeconds(10));
            }
            minuteKeys.add(RedisKeys.history(id, "7", minutes, minutes.start(at)));
            hourKeys.add(RedisKeys.history(id, "7", hours, hours.start(at)));
        }
        long minuteBytes = memoryUsage(minuteKeys);
        long hourBytes = memoryUsage(hourKeys);
        long perMinuteBucket = minuteBytes / minuteKeys.size();
        long perHourBucket = hourBytes / hourKeys.size();
        System.out.printf("History of a day, 2 arms, 1 metric: %d minute buckets %d bytes (%d each), %d hour buckets "
                + "%d bytes (%d each)%n", minuteKeys.size(), minuteBytes, perMinuteBucket, hourKeys.size(), hourBytes,
                perHourBucket);
        // Nine small fields per bucket keep Redis's compact listpack encoding (a hashtable would take several
        // times the memory): the reason a bucket per hash stays cheap.
        for (String key : List.of(minuteKeys.iterator().next(), hourKeys.iterator().next())) {
            assertEquals("listpack", redis.send(Request.cmd(Command.OBJECT).arg("ENCODING").arg(key)).await()
                    .atMost(Duration.ofSeconds(10)).toString());
        }
        assertTrue(perMinuteBucket < 512 && perHourBucket < 512, "bytes per bucket " + perMinuteBucket + ", "
                + perHourBucket);

        assertTrue(store.delete(id).await().atMost(Duration.ofSeconds(10)));
        Request exists = Request.cmd(Command.EXISTS);
        minuteKeys.forEach(exists::arg);
        hourKeys.forEach(exists::arg);
        assertEquals(0, redis.send(exists).await().atMost(Duration.ofSeconds(10)).toLong(),
                "deleting the experiment deletes every history bucket");
    }

    private static long memoryUsage(Set<String> keys) {
        long bytes = 0;
        for (String key : keys) {
            Response usage = redis.send(Request.cmd(Command.MEMORY).arg("USAGE").arg(key).arg("SAMPLES").arg("0"))
                    .await().atMost(Duration.ofSeconds(10));
            assertTrue(usage != null, "bucket " + key + " exists");
            bytes += usage.toLong();
        }
        return bytes;
    }

    @Test
    void recoversWhenTheServerForgetsItsScripts() {
        redis.send(Request.cmd(Command.SCRIPT).arg("FLUSH")).await().atMost(Duration.ofSeconds(10));
        String id = freshId();
        assertTrue(store.save(id, "{}", 0, "7", Set.of()).await().atMost(Duration.ofSeconds(5)).isPresent());
    }
}
