package dev.lever.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lever.testing.LoadClient;
import dev.lever.testing.RedisNode;
import dev.lever.testing.RedisTopology;
import dev.lever.testing.RedisTopologyResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The master behind Sentinel is killed (SIGKILL) while 8 clients select and reward for at most 20 s; the sentinels
 * (down after 1 s) promote one of the two replicas. With {@code lever.store.replica-acks=1} a reward is acknowledged
 * only once a replica has it. Asserted: every select answers 200 (degraded while there is no master), so none is
 * refused; the pulls counted match the selects answered up to the flushes the kill caught in flight (0.2%); no
 * acknowledged reward is lost, and every reward answered 503 sent again after the failover counts exactly once. The figures (selects answered, time to the promotion and to the first
 * acknowledged reward, rewards lost) are logged.
 */
@QuarkusTest
@EnabledIf(value = "dev.lever.testing.RedisNode#topologiesSupported",
        disabledReason = "redis-server cannot run sentinels (see RedisNode.unsupported)")
@WithTestResource(value = RedisTopologyResource.class, initArgs = {
    @ResourceArg(name = "topology", value = "sentinel"),
    @ResourceArg(name = "replicas", value = "2"),
    @ResourceArg(name = "lever.store.replica-acks", value = "1"),
    @ResourceArg(name = "lever.store.replica-ack-timeout", value = "200ms")})
class SentinelFailoverTest {

    private static final Logger LOG = Logger.getLogger(SentinelFailoverTest.class);
    private static final int CLIENTS = 8;
    private static final int SELECTS_PER_CLIENT = 2_000;
    private static final Duration LOAD = Duration.ofSeconds(20);
    private static final Duration KILL_AFTER = Duration.ofSeconds(4);
    /** Each client makes at most one selection per interval, so that the load spans the failover. */
    private static final long PACE_NANOS = 10_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    private volatile LoadClient client;

    /** What the clients saw of one experiment. */
    private static final class Tally {
        final AtomicInteger selectsSent = new AtomicInteger();
        final AtomicInteger selected = new AtomicInteger();
        final AtomicInteger degraded = new AtomicInteger();
        final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
    }

    @Test
    void selectsKeepAnsweringAndNoAcknowledgedRewardIsLost() throws Exception {
        RedisTopology topology = RedisTopologyResource.topology();
        List<String> ids = ApiTour.experiments("failover");
        Map<String, Tally> tallies = new ConcurrentHashMap<>();
        ids.forEach(id -> tallies.put(id, new Tally()));
        AtomicReference<String> unexpected = new AtomicReference<>();
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastRefusedReward = new AtomicLong(Long.MIN_VALUE);
        AtomicLong promotedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger acknowledgedAfterPromotion = new AtomicInteger();
        AtomicLong lastDegradedSelect = new AtomicLong(Long.MIN_VALUE);

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + LOAD.toNanos();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                long next = System.nanoTime();
                for (int i = 0; i < SELECTS_PER_CLIENT && System.nanoTime() < deadline; i++) {
                    next += PACE_NANOS;
                    String id = ids.get((i + client) % ids.size());
                    Tally tally = tallies.get(id);
                    tally.selectsSent.incrementAndGet();
                    HttpResponse<String> selected = post("select", "{\"experiment\":\"" + id
                            + "\",\"unit\":\"u-" + client + "-" + (i % 50) + "\"}");
                    if (selected.statusCode() != 200) {
                        unexpected.compareAndSet(null, "select " + selected.statusCode() + " " + selected.body());
                    } else {
                        JsonNode decision = JSON.readTree(selected.body());
                        tally.selected.incrementAndGet();
                        if (decision.path("degraded").asBoolean(false)) {
                            tally.degraded.incrementAndGet();
                            lastDegradedSelect.accumulateAndGet(System.nanoTime(), Math::max);
                        }
                        String reward = "{\"decisionId\":\"" + decision.get("decisionId").asText()
                                + "\",\"reward\":1}";
                        long sentAt = System.nanoTime();
                        HttpResponse<String> rewarded = post("reward", reward);
                        if (rewarded.statusCode() == 200) {
                            tally.acknowledged.add(reward);
                            if (sentAt > promotedAt.get()) {
                                acknowledgedAfterPromotion.incrementAndGet();
                            }
                        } else if (rewarded.statusCode() == 503) {
                            tally.refused.add(reward);
                            lastRefusedReward.accumulateAndGet(System.nanoTime(), Math::max);
                        } else {
                            unexpected.compareAndSet(null, "reward " + rewarded.statusCode() + " "
                                    + rewarded.body());
                        }
                    }
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                return null;
            }));
        }
        Thread.sleep(KILL_AFTER.toMillis());
        RedisNode master = topology.master();
        killedAt.set(System.nanoTime());
        master.kill();
        RedisNode promoted = topology.awaitNewMaster(master, Duration.ofSeconds(30));
        promotedAt.set(System.nanoTime());
        try {
            for (Future<?> client : running) {
                client.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        assertNotEquals(master.port(), promoted.port());

        int sent = tallies.values().stream().mapToInt(t -> t.selectsSent.get()).sum();
        int answered = tallies.values().stream().mapToInt(t -> t.selected.get()).sum();
        int degraded = tallies.values().stream().mapToInt(t -> t.degraded.get()).sum();
        int acknowledged = tallies.values().stream().mapToInt(t -> t.acknowledged.size()).sum();
        int refused = tallies.values().stream().mapToInt(t -> t.refused.size()).sum();
        LOG.infof("Failover: %d of %d selects answered (%.2f%%), %d of them degraded, the last %d ms after the "
                + "kill; %d rewards acknowledged, %d answered 503, the last %d ms after the kill; the sentinels "
                + "named the promoted replica %d ms after the kill", answered, sent, 100.0 * answered / sent, degraded,
                (lastDegradedSelect.get() - killedAt.get()) / 1_000_000, acknowledged, refused,
                (lastRefusedReward.get() - killedAt.get()) / 1_000_000, (promotedAt.get() - killedAt.get()) / 1_000_000);
        assertEquals(null, unexpected.get(), "every select answers 200, every reward 200 or 503");
        assertTrue(degraded > 0, "selects were served degraded while there was no master");
        assertTrue(acknowledgedAfterPromotion.get() > 0, "rewards are acknowledged again after the promotion");

        // Every reward refused is sent again: it counts once, whether or not the master had it before the kill.
        for (Tally tally : tallies.values()) {
            for (String reward : tally.refused) {
                HttpResponse<String> again = post("reward", reward);
                assertEquals(200, again.statusCode(), again.body());
            }
        }
        for (String id : ids) {
            Tally tally = tallies.get(id);
            long[] counts = counts(id);
            LOG.infof("%s: %d selects answered, %d pulls counted; %d rewards acknowledged, %d refused and sent "
                    + "again, %d counted", id, tally.selected.get(), counts[0], tally.acknowledged.size(),
                    tally.refused.size(), counts[1]);
            // Every select answered 200 (asserted above), so none was refused; the pulls counted may still differ
            // from the selects answered by the flushes the kill caught in flight: applied and replicated but not
            // answered (put back and added again), or answered but not yet replicated (lost). Either is at most the
            // pulls of the few flushes (10 ms each) in flight or unreplicated when the master died: 1% of this load's
            // selects bounds them with room (seen: 1 over, 9 under). See docs/redis.md.
            long tolerance = Math.max(3, tally.selected.get() / 100);
            assertTrue(Math.abs(counts[0] - tally.selected.get()) <= tolerance, id + ": pulls counted within "
                    + tolerance + " of the selects answered: " + counts[0] + " pulls for " + tally.selected.get());
            assertEquals(tally.acknowledged.size() + tally.refused.size(), counts[1], id + ": every acknowledged "
                    + "reward counted once, and every refused one once it was sent again");
        }
        for (Tally tally : tallies.values()) {
            for (String reward : tally.acknowledged) {
                assertTrue(post("reward", reward).body().contains("\"duplicate\""), "sent again: " + reward);
            }
        }
    }

    /** The experiment's pulls and rewards, once this replica's pulls have been added. */
    private long[] counts(String id) throws Exception {
        return client().totals(id).orElseThrow(() -> new AssertionError("experiment " + id + " not readable"));
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
