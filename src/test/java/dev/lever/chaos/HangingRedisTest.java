package dev.lever.chaos;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.get;
import static dev.lever.testing.Api.reward;
import static dev.lever.testing.Api.select;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.testing.SilentRedisProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Redis stops answering without refusing anything (a hung server, a network dropping packets). Every call returns
 * within a bound set by {@code lever.store.timeout} (250 ms): selections of loaded experiments degrade, rewards and
 * selections of an experiment never loaded here answer 503 with Retry-After, and the replica stays ready because
 * it can still serve.
 */
@QuarkusTest
@WithTestResource(SilentRedisProxy.class)
class HangingRedisTest {

    /** The timeout plus room for a machine shared with other work. */
    private static final long BOUND_MILLIS = 1_500;

    @Test
    void callsReturnWithinTheBoundAndLoadedExperimentsDegrade() throws InterruptedException {
        String bandit = freshId("hang-bandit");
        String sticky = freshId("hang-sticky");
        String cold = freshId("hang-cold");
        create(bandit, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"}}");
        create(sticky, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"},\"sticky\":true}");
        create(cold, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"}}");
        String decision = select(bandit, null).statusCode(200).extract().path("decisionId");
        select(sticky, "user-1").statusCode(200).body("degraded", equalTo(null));
        get("/q/health/ready").statusCode(200); // warm: the first call of an endpoint is slow on a busy machine

        SilentRedisProxy.proxy().silence();
        Thread.sleep(150); // the bandit's snapshot is now older than the refresh interval: the next select refreshes

        within(() -> select(bandit, null).statusCode(200).body("degraded", equalTo(true)));
        within(() -> select(sticky, "user-1").statusCode(200).body("degraded", equalTo(true)));
        within(() -> select(sticky, "user-2").statusCode(200).body("degraded", equalTo(true)));
        within(() -> reward(decision, 1).statusCode(503).header("Retry-After", "1")
                .contentType("application/problem+json"));
        within(() -> select(cold, null).statusCode(503).header("Retry-After", "1"));
        within(() -> get("/q/health/ready").statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'state-store' }.data.store", equalTo("unreachable"))
                .body("checks.find { it.name == 'state-store' }.data.degraded", equalTo(true)));
        get("/q/health/live").statusCode(200);
    }

    private static void within(Supplier<ValidatableResponse> call) {
        long start = System.nanoTime();
        call.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < BOUND_MILLIS, "answered in " + millis + " ms, over " + BOUND_MILLIS + " ms");
    }
}
