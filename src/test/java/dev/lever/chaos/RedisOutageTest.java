package dev.lever.chaos;

import static dev.lever.testing.Api.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lever.testing.LoadClient;
import dev.lever.testing.RestartableRedis;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import dev.lever.store.StoreAvailability;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Redis is stopped for three seconds while 4 clients make up to 1,500 selections each within 12 s (a bandit, a
 * sticky bandit and a user split in turn) and reward every decision they get. During the outage selections of the loaded experiments
 * answer 200, marked degraded, and rewards 503 with Retry-After. Once Redis is back, every experiment's pull count
 * is exactly the number of selections answered 200, its reward count exactly the number of rewards acknowledged,
 * and each acknowledged reward sent again is a duplicate.
 */
@QuarkusTest
@WithTestResource(RestartableRedis.class)
class RedisOutageTest {

    private static final Logger LOG = Logger.getLogger(RedisOutageTest.class);
    private static final int CLIENTS = 4;
    private static final int SELECTS_PER_CLIENT = 1_500;
    /** Each client makes at most one selection per interval, so that the load spans the outage. */
    private static final long PACE_NANOS = 4_000_000;
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    private volatile LoadClient client;

    /** What one experiment's clients saw. */
    private static final class Tally {
        final AtomicInteger selected = new AtomicInteger();
        final AtomicInteger degraded = new AtomicInteger();
        final AtomicInteger rewardsRefused = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicLong slowestDegradedNanos = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong slowestRefusalNanos = new java.util.concurrent.atomic.AtomicLong();
        final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
    }

    @Inject
    StoreAvailability availability;

    @Test
    void selectionsDegradeRewardsAreRefusedAndEveryCountIsExactAfterTheRestart() throws Exception {
        RestartableRedis.awaitReachable(availability);
        String bandit = "outage-bandit";
        String sticky = "outage-sticky";
        String split = "outage-split";
        create(bandit, "{\"arms\":[\"a\",\"b\",\"c\"],\"policy\":{\"type\":\"thompson\"}}");
        create(sticky, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"epsilon-greedy\"},\"sticky\":true}");
        create(split, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"fixed-split\"},\"split\":\"user\"}");
        List<String> ids = List.of(bandit, sticky, split);
        Map<String, Tally> tallies = new ConcurrentHashMap<>();
        ids.forEach(id -> tallies.put(id, new Tally()));
        AtomicReference<String> unexpected = new AtomicReference<>();

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                long next = System.nanoTime();
                for (int i = 0; i < SELECTS_PER_CLIENT && System.nanoTime() < deadline; i++) {
                    next += PACE_NANOS;
                    String id = ids.get(i % ids.size());
                    Tally tally = tallies.get(id);
                    String unit = id.equals(bandit) ? "" : ",\"unit\":\"u-" + client + "-" + (i % 40) + "\"";
                    long start = System.nanoTime();
                    HttpResponse<String> selected = post("select", "{\"experiment\":\"" + id + "\"" + unit + "}");
                    long selectNanos = System.nanoTime() - start;
                    if (selected.statusCode() != 200) {
                        unexpected.compareAndSet(null, "select " + selected.statusCode() + " " + selected.body());
                        continue;
                    }
                    JsonNode decision = JSON.readTree(selected.body());
                    tally.selected.incrementAndGet();
                    if (decision.path("degraded").asBoolean(false)) {
                        tally.degraded.incrementAndGet();
                        tally.slowestDegradedNanos.accumulateAndGet(selectNanos, Math::max);
                    }
                    String reward = "{\"decisionId\":\"" + decision.get("decisionId").asText() + "\",\"reward\":1}";
                    start = System.nanoTime();
                    HttpResponse<String> rewarded = post("reward", reward);
                    long rewardNanos = System.nanoTime() - start;
                    if (rewarded.statusCode() == 200) {
                        tally.acknowledged.add(reward);
                    } else if (rewarded.statusCode() == 503
                            && rewarded.headers().firstValue("Retry-After").isPresent()) {
                        tally.rewardsRefused.incrementAndGet();
                        tally.slowestRefusalNanos.accumulateAndGet(rewardNanos, Math::max);
                    } else {
                        unexpected.compareAndSet(null, "reward " + rewarded.statusCode() + " " + rewarded.body());
                    }
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                return null;
            }));
        }
        Thread.sleep(1_500);
        RestartableRedis.server().stop();
        Thread.sleep(OUTAGE.toMillis() / 2);
        HttpResponse<String> ready = get("q/health/ready");
        Thread.sleep(OUTAGE.toMillis() / 2);
        RestartableRedis.server().start();
        try {
            for (Future<?> client : running) {
                client.get(40, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }

        assertEquals(null, unexpected.get(), "every selection answers 200, every reward 200 or 503 with Retry-After");
        assertEquals(200, ready.statusCode(), "ready during the outage: " + ready.body());
        assertTrue(ready.body().contains("\"unreachable\""), ready.body());
        int degraded = tallies.values().stream().mapToInt(t -> t.degraded.get()).sum();
        int refused = tallies.values().stream().mapToInt(t -> t.rewardsRefused.get()).sum();
        assertTrue(degraded > 0, "some selections were answered degraded");
        assertTrue(refused > 0, "some rewards were refused");

        for (String id : ids) {
            Tally tally = tallies.get(id);
            long[] counts = awaitCounts(id, tally.selected.get());
            LOG.infof("%s: %d selections answered (%d degraded, slowest of them %d ms), %d rewards acknowledged, %d "
                    + "refused (slowest refusal %d ms); after the restart %d pulls and %d rewards counted", id,
                    tally.selected.get(), tally.degraded.get(), tally.slowestDegradedNanos.get() / 1_000_000,
                    tally.acknowledged.size(), tally.rewardsRefused.get(), tally.slowestRefusalNanos.get() / 1_000_000,
                    counts[0], counts[1]);
            // Every selection answered is counted. A flush that Redis applied as it stopped, without answering, is
            // kept and added again (pull counts are at least exact when Redis does not answer; docs/operations.md):
            // at most the flushes in flight at the stop, a few pulls, never the thousands an outage serves.
            long extra = counts[0] - tally.selected.get();
            assertTrue(extra >= 0 && extra <= 3, id + ": pulls counted (" + counts[0] + ") = selections answered 200 ("
                    + tally.selected.get() + "), or a few more from a flush in flight at the stop");
            assertEquals(tally.acknowledged.size(), counts[1], id + ": rewards counted = rewards acknowledged");
        }
        ExecutorService retries = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> duplicates = new ArrayList<>();
            for (String id : ids) {
                for (String reward : tallies.get(id).acknowledged) {
                    duplicates.add(retries.submit(() -> post("reward", reward).body().contains("\"duplicate\"")
                            ? 1 : 0));
                }
            }
            int seen = 0;
            for (Future<Integer> duplicate : duplicates) {
                seen += duplicate.get(30, TimeUnit.SECONDS);
            }
            assertEquals(duplicates.size(), seen, "every acknowledged reward sent again is a duplicate");
        } finally {
            retries.shutdownNow();
        }
    }

    /** The experiment's pulls and rewards once its pulls reach {@code expectedPulls}, waiting at most 10 s. */
    private long[] awaitCounts(String id, long expectedPulls) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long[] counts;
        do {
            counts = client().totals(id).orElse(new long[2]);
            if (counts[0] >= expectedPulls) {
                return counts;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return counts;
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client().post(path, body);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client().get(path);
    }

    private LoadClient client() {
        if (client == null) {
            client = new LoadClient(base);
        }
        return client;
    }
}
