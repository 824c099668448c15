package dev.lever.chaos;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.testing.Api;
import dev.lever.testing.RestartableRedis;
import dev.lever.testing.Scrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import dev.lever.store.StoreAvailability;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * Redis stopped under a few paced selections: {@code lever_degraded} turns 1, {@code lever_pull_buffer_size} holds
 * exactly the pulls served meanwhile, and {@code lever_snapshot_age_seconds} grows past the refresh interval; once
 * Redis is back the gauges return to 0 and the pulls are in the store. Bounded: 20 selections, at most 10 s of
 * waiting for the recovery.
 */
@QuarkusTest
@WithTestResource(RestartableRedis.class)
class OutageMetricsTest {

    private static final int DURING_OUTAGE = 20;
    private static final long PACE_MILLIS = 25;

    @Inject
    StoreAvailability availability;

    @Test
    void theGaugesFollowAnOutageAndItsEnd() throws InterruptedException {
        RestartableRedis.awaitReachable(availability);
        String id = freshId("outage-metrics");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"epsilon-greedy\"}}");
        select(id, null).statusCode(200); // loads the experiment into this replica
        Scrape healthy = Scrape.now();
        assertEquals(0, healthy.value("lever_degraded", Map.of()));

        RestartableRedis.server().stop();
        long stopped = System.nanoTime();
        int served = 0;
        try {
            // The replica finds the store unreachable at its next flush or refresh; selections before that are
            // answered normally, and their pulls wait in the buffer like the degraded ones.
            while (!availability.down() && System.nanoTime() - stopped < 5_000_000_000L) {
                select(id, null).statusCode(200);
                served++;
                Thread.sleep(PACE_MILLIS);
            }
            for (int i = 0; i < DURING_OUTAGE; i++) {
                select(id, null).statusCode(200).body("degraded", Matchers.is(true));
                served++;
                Thread.sleep(PACE_MILLIS);
            }
            Scrape down = Scrape.now();
            double outageSeconds = (System.nanoTime() - stopped) / 1e9;
            assertEquals(1, down.value("lever_degraded", Map.of()));
            assertEquals(served, down.value("lever_pull_buffer_size", Map.of()),
                    "every pull served during the outage is buffered");
            double age = down.value("lever_snapshot_age_seconds", Map.of());
            assertTrue(age >= 0.1 && age >= outageSeconds - 0.15,
                    "the snapshot ages with the outage (" + outageSeconds + " s), was " + age);
            assertEquals(served + 1, (int) down.value("lever_selections_total",
                    Map.of("experiment", id, "arm", "a")) + (int) down.value("lever_selections_total",
                    Map.of("experiment", id, "arm", "b")), "degraded selections are selections");
        } finally {
            RestartableRedis.server().start();
        }

        long deadline = System.nanoTime() + 10_000_000_000L;
        Scrape back = Scrape.now();
        while ((back.value("lever_degraded", Map.of()) != 0 || back.value("lever_pull_buffer_size", Map.of()) != 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            back = Scrape.now();
        }
        assertEquals(0, back.value("lever_degraded", Map.of()));
        assertEquals(0, back.value("lever_pull_buffer_size", Map.of()));
        assertEquals(0, back.value("lever_pulls_dropped_total", Map.of()));
        Api.get("/experiments/" + id).statusCode(200).body("stats.pulls.sum()", Matchers.is(served + 1));
    }
}
