package dev.lever.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.history.ArmTotals;
import dev.lever.history.BucketTotals;
import dev.lever.history.Resolution;
import dev.lever.history.Resolutions;
import dev.lever.observability.StoreMetrics;
import dev.lever.testing.TestRedis;
import dev.lever.error.LeverException;
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
import dev.lever.policy.ArmStats;
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

    @Override
    StateStore storeWithLogLimits(LogLimits limits) {
        return new RedisStateStore(redis, new StoreAvailability(), Duration.ofSeconds(2), Duration.ofSeconds(5),
                Resolutions.DEFAULT, StoreMetrics.NONE, ReplicaAcks.NONE, limits);
    }

    /**
     * An external pipeline reads the decision log exactly once with a consumer group, straight from Redis: each
     * entry is delivered to one consumer, stays pending until acknowledged, and is handed again (with {@code 0}
     * instead of {@code >}) to a consumer that restarts before acknowledging it.
     */
    @Test
    void aConsumerGroupReadsTheDecisionLogExactlyOnce() {
        String id = freshId();
        store.save(id, "{}", 0, "42", Set.of(), null).await().atMost(Duration.ofSeconds(5));
        String stream = RedisKeys.decisionLog(id);
        assertEquals("lever:{" + id + "}:decisions", stream, "the key docs/evaluation.md documents");
        send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg("warehouse").arg("0").arg("MKSTREAM"));
        store.recordPulls(new PullBatch(id, "42", List.of(), Map.of(), List.of(),
                List.of(logged("d1", "a", 0.5), logged("d2", "b", 0.5))), false).await().atMost(Duration.ofSeconds(5));

        Response first = send(readGroup(stream, "loader-1", ">"));
        assertEquals(2, entriesOf(first).size());
        Response again = send(readGroup(stream, "loader-2", ">"));
        assertTrue(again == null || entriesOf(again).size() == 0, "a delivered entry is not delivered again");

        String firstId = entriesOf(first).get(0).get(0).toString();
        send(Request.cmd(Command.XACK).arg(stream).arg("warehouse").arg(firstId));
        Response pending = send(readGroup(stream, "loader-1", "0"));
        assertEquals(1, entriesOf(pending).size(), "after a restart, the unacknowledged entry only");
        assertEquals("d2", hashOf(entriesOf(pending).get(0).get(1)).get("decision"));

        store.recordReward(loggedReward(id, "d2", "b", 1)).await().atMost(Duration.ofSeconds(5));
        Response next = send(readGroup(stream, "loader-1", ">"));
        assertEquals("reward", hashOf(entriesOf(next).get(0).get(1)).get("type"), "new entries keep coming");
    }

    private static Request readGroup(String stream, String consumer, String from) {
        return Request.cmd(Command.XREADGROUP).arg("GROUP").arg("warehouse").arg(consumer).arg("COUNT").arg(100)
                .arg("STREAMS").arg(stream).arg(from);
    }

    /** The entries of an XREADGROUP reply for its one stream, whether RESP2 (array) or RESP3 (map). */
    private static Response entriesOf(Response reply) {
        return reply.isMap() ? reply.get(reply.getKeys().iterator().next()) : reply.get(0).get(1);
    }

    private static Map<String, String> hashOf(Response fields) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            map.put(fields.get(i).toString(), fields.get(i + 1).toString());
        }
        return map;
    }

    private static Response send(Request request) {
        return redis.send(request).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void rewardMarkersAreKeptUntilTheRewardWindowCloses() {
        String id = freshId();
        store.save(id, "{}", 0, "7", Set.of(), null).await().atMost(Duration.ofSeconds(5));
        long before = System.currentTimeMillis();
        store.recordReward(new RewardRecord(id, "7", 60_000, "a", false, null, List.of(),
                List.of(new Credit("token", "reward", 1.0)), System.currentTimeMillis())).await().atMost(Duration.ofSeconds(10));
        double forgetAt = redis.send(Request.cmd(Command.ZSCORE).arg(RedisKeys.rewardMarkers(id)).arg("token"))
                .await().atMost(Duration.ofSeconds(10)).toDouble();
        // The window, and a minute for replicas' clocks that disagree.
        assertTrue(forgetAt >= before + 119_000 && forgetAt <= System.currentTimeMillis() + 121_000,
                "marker kept until the window closes, forgotten at " + (forgetAt - before) + " ms");
    }

    @Test
    void expiredRewardMarkersAreForgotten() {
        String id = freshId();
        store.save(id, "{}", 0, "7", Set.of(), null).await().atMost(Duration.ofSeconds(5));
        // 64 markers already past their time, as if their decisions' windows had closed.
        Request add = Request.cmd(Command.ZADD).arg(RedisKeys.rewardMarkers(id));
        for (int i = 0; i < 64; i++) {
            add.arg(1).arg("old-" + i);
        }
        redis.send(add).await().atMost(Duration.ofSeconds(10));
        // About one reward in sixteen trims up to 64 of them; 400 rewards trim them all unless very unlucky
        // (each reward misses with probability 15/16: (15/16)^400 < 1e-11).
        for (int i = 0; i < 400; i++) {
            store.recordReward(new RewardRecord(id, "7", 60_000, "a", false, null, List.of(),
                    List.of(new Credit("t" + i, "reward", 1.0)), System.currentTimeMillis())).await().atMost(Duration.ofSeconds(10));
        }
        assertEquals(400, redis.send(Request.cmd(Command.ZCARD).arg(RedisKeys.rewardMarkers(id))).await()
                .atMost(Duration.ofSeconds(10)).toLong(), "only the live markers remain");
    }

    @Test
    void experimentsOfTheEarlierLayoutKeepTheirMarkersAndStickyUnits() {
        String id = freshId();
        store.save(id, "{}", 0, "7", Set.of(), Duration.ofDays(30)).await().atMost(Duration.ofSeconds(5));
        // What an earlier release left: no layout field, a marker string, a unit in the single sticky hash.
        redis.send(Request.cmd(Command.HDEL).arg(RedisKeys.meta(id)).arg("layout")).await()
                .atMost(Duration.ofSeconds(10));
        redis.send(Request.cmd(Command.SET).arg(RedisKeys.rewarded(id, "old")).arg("1").arg("PX").arg(60_000))
                .await().atMost(Duration.ofSeconds(10));
        redis.send(Request.cmd(Command.HSET).arg(RedisKeys.units(id)).arg("user-1").arg("b 0.25")).await()
                .atMost(Duration.ofSeconds(10));

        RewardRecord retried = new RewardRecord(id, "7", 60_000, "a", false, null, List.of(),
                List.of(new Credit("old", "reward", 1.0)), System.currentTimeMillis());
        assertEquals(DUPLICATE, store.recordReward(retried).await().atMost(Duration.ofSeconds(10)),
                "a reward applied before the upgrade is still a duplicate");
        Selection again = new Selection(id, "7", new Assignment("a", 0.75), new Sticky("user-1", Duration.ofDays(30)),
                null, false, System.currentTimeMillis(), null);
        assertEquals(new Assignment("b", 0.25), store.recordSelection(again).await().atMost(Duration.ofSeconds(10))
                .assignment(), "a unit kept before the upgrade keeps its arm");
        assertEquals(0, redis.send(Request.cmd(Command.HLEN).arg(RedisKeys.units(id))).await()
                .atMost(Duration.ofSeconds(10)).toLong(), "and moves to the expiring generations");
    }

    @Test
    void selectionsStoreNothingPerDecision() {
        String id = freshId();
        store.save(id, "{}", 0, "7", Set.of(), null).await().atMost(Duration.ofSeconds(5));
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
    void everythingKeptForAnExperimentGoesWithIt() {
        String id = freshId();
        store.save(id, "{}", 0, "42", Set.of("c"), Duration.ofDays(30)).await().atMost(Duration.ofSeconds(5));
        for (int i = 0; i < 10; i++) {
            store.recordSelection(exposure(id, "a", "u" + i, Map.of())).await().atMost(Duration.ofSeconds(10));
            store.recordSelection(new Selection(id, "42", new Assignment("a", 0.5),
                    new Sticky("u" + i, Duration.ofDays(30)), null, false, System.currentTimeMillis(), null)).await().atMost(Duration.ofSeconds(10));
            store.recordReward(decisionReward(id, "42", "token-" + i, "a", 1.0)).await().atMost(Duration.ofSeconds(10));
            store.recordSelection(new Selection(id, "42", new Assignment("a", 0.5), null, null, false,
                    System.currentTimeMillis(), null, logged("logged-" + i, "a", 0.5))).await()
                    .atMost(Duration.ofSeconds(10));
        }
        store.recordPulls(StateStoreContract.pulls(id, "42", Map.of("a", 2L)).sequenced(new BatchSequence("r1", 1)),
                false).await().atMost(Duration.ofSeconds(10));
        assertEquals(10, redis.send(Request.cmd(Command.HLEN).arg(RedisKeys.unitRecords(id))).await()
                .atMost(Duration.ofSeconds(10)).toLong());
        assertTrue(keysOf(id).contains(RedisKeys.decisionLog(id)), "the decision log: " + keysOf(id));
        assertTrue(keysOf(id).contains(RedisKeys.pullSequences(id)), "the pull sequences: " + keysOf(id));
        assertTrue(keysOf(id).size() >= 7, "meta, stats, retired, unit records, markers, sticky units, log: "
                + keysOf(id));
        assertTrue(store.delete(id).await().atMost(Duration.ofSeconds(10)));
        assertEquals(List.of(), keysOf(id), "no key of the experiment is left");
    }

    /** Every key in the experiment's hash tag. */
    private static List<String> keysOf(String id) {
        List<String> keys = new java.util.ArrayList<>();
        String cursor = "0";
        do {
            var reply = redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg("lever:{" + id + "}*")
                    .arg("COUNT").arg(1000)).await().atMost(Duration.ofSeconds(10));
            cursor = reply.get(0).toString();
            reply.get(1).forEach(key -> keys.add(key.toString()));
        } while (!"0".equals(cursor));
        return keys;
    }

    @Test
    void aRedisAtMaxmemoryRefusesWritesLoudlyButIsNotDown() {
        StoreAvailability availability = new StoreAvailability();
        RedisStateStore watched = new RedisStateStore(redis, availability, Duration.ofSeconds(5), Duration.ofSeconds(5), Resolutions.DEFAULT, StoreMetrics.NONE, ReplicaAcks.NONE);
        String id = freshId();
        watched.save(id, "{}", 0, "7", Set.of(), null).await().atMost(Duration.ofSeconds(5));
        redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg("1")).await()
                .atMost(Duration.ofSeconds(10));
        try {
            LeverException refused = assertThrows(LeverException.class, () -> watched.recordReward(
                    decisionReward(id, "7", "token", "a", 1.0)).await().atMost(Duration.ofSeconds(10)));
            assertEquals(LeverException.Kind.UNAVAILABLE, refused.kind());
            assertTrue(refused.getMessage().contains("maxmemory"), refused.getMessage());
            assertFalse(availability.down(), "Redis answered: selects need not turn degraded");
        } finally {
            redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg("0")).await()
                    .atMost(Duration.ofSeconds(10));
        }
        assertEquals(ACCEPTED, watched.recordReward(decisionReward(id, "7", "token", "a", 1.0)).await()
                .atMost(Duration.ofSeconds(10)), "the refused reward applied nothing: its retry counts");
    }

    /**
     * Writes a day of history as a busy two-arm experiment makes it (every minute: pulls and allocation of both
     * arms, rewards of both) and measures it with {@code MEMORY USAGE}: the figure docs/how-it-works.md quotes.
     */
    @Test
    void aDayOfHistoryHasBoundedMemoryAndGoesWithItsExperiment() {
        String id = freshId();
        store.save(id, "{}", 0, "7", Set.of(), null).await().atMost(Duration.ofSeconds(5));
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
        assertTrue(store.save(id, "{}", 0, "7", Set.of(), null).await().atMost(Duration.ofSeconds(5)).isPresent());
    }

    /** An arm's discounted sums {t, n, c, s, q} as the scripts stored them. */
    private static double[] rawDiscounted(String id, String arm) {
        Response raw = redis.send(Request.cmd(Command.HGET).arg(RedisKeys.stats(id)).arg(arm + ":" + REWARD + ":d"))
                .await().atMost(Duration.ofSeconds(10));
        String[] parts = raw.toString().split(" ");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Double.parseDouble(parts[i]);
        }
        return v;
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-9 * Math.max(1e-300, Math.abs(expected)), what);
    }

    /**
     * The scripts and {@link DecayedSums} (the in-memory store's mirror) agree: the same updates at the same times,
     * the times the scripts took from Redis' clock, give the same discounted sums.
     */
    @Test
    void scriptsAndJavaDiscountAlike() throws InterruptedException {
        String id = freshId();
        store.save(id, "{}", 0, "42", Set.of(), null, DECAY).await().atMost(Duration.ofSeconds(5));
        DecayedSums mirror = new DecayedSums();

        store.recordSelection(select(id, "arm-a", false)).await().atMost(Duration.ofSeconds(10));
        mirror.addPulls(DECAY, (long) rawDiscounted(id, "arm-a")[0], "arm-a", 1);
        Thread.sleep(150);
        store.recordReward(decisionReward(id, "42", "t-1", "arm-a", 0.7)).await().atMost(Duration.ofSeconds(10));
        mirror.addValue(DECAY, (long) rawDiscounted(id, "arm-a")[0], "arm-a", REWARD, 0.7);
        Thread.sleep(300);
        store.recordPulls(pulls(id, "42", Map.of("arm-a", 3L, "arm-b", 2L)), false).await()
                .atMost(Duration.ofSeconds(10));
        long batchAt = (long) rawDiscounted(id, "arm-a")[0];
        assertEquals(batchAt, (long) rawDiscounted(id, "arm-b")[0], "one batch, one time");
        mirror.addPulls(DECAY, batchAt, "arm-a", 3);
        mirror.addPulls(DECAY, batchAt, "arm-b", 2);
        Thread.sleep(450);
        store.recordRewards(List.of(directReward(id, "arm-b", 2.5), decisionReward(id, "42", "t-2", "arm-a", 1.3),
                decisionReward(id, "42", "t-3", "arm-a", -0.4))).await().atMost(Duration.ofSeconds(10));
        long lastAt = (long) rawDiscounted(id, "arm-a")[0];
        mirror.addPulls(DECAY, lastAt, "arm-b", 1);
        mirror.addValue(DECAY, lastAt, "arm-b", REWARD, 2.5);
        mirror.addValue(DECAY, lastAt, "arm-a", REWARD, 1.3);
        mirror.addValue(DECAY, lastAt, "arm-a", REWARD, -0.4);

        assertTrue(lastAt - batchAt >= 450_000, "Redis' clock moved between the updates");
        Map<String, Map<String, ArmStats>> java = mirror.read(DECAY, lastAt);
        for (String arm : List.of("arm-a", "arm-b")) {
            double[] lua = rawDiscounted(id, arm);
            assertEquals(lastAt, (long) lua[0], arm + " decayed to the last update");
            ArmStats expected = java.get(arm).get(REWARD);
            assertRelative(expected.pulls(), lua[1], "pulls of " + arm);
            assertRelative(expected.rewardCount(), lua[2], "values of " + arm);
            assertRelative(expected.rewardSum(), lua[3], "sum of " + arm);
            assertRelative(expected.rewardSumOfSquares(), lua[4], "sum of squares of " + arm);
        }
        // Not sums that decay by nothing: arm-a's 4 pulls weigh about 2.7 after aging 0.9 and 0.45 half-lives.
        assertTrue(java.get("arm-a").get(REWARD).pulls() < 3.0, "arm-a's earlier evidence has decayed");
    }
}
