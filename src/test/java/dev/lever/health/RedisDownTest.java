package dev.lever.health;

import static dev.lever.testing.Api.get;
import static dev.lever.testing.Api.post;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With Redis unreachable from the start, the replica has loaded no experiment, so it cannot serve even degraded: it
 * reports itself not ready, and requests get a 503 problem with Retry-After, not a 500.
 */
@QuarkusTest
@TestProfile(RedisDownTest.UnreachableRedis.class)
class RedisDownTest {

    /** Points the service at a loopback port where nothing listens. */
    public static class UnreachableRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("lever.store.type", "redis", "quarkus.redis.hosts", "redis://127.0.0.1:" + port);
        }
    }

    @Test
    void notReadyAndServiceUnavailable() {
        get("/q/health/live").statusCode(200);
        get("/q/health/ready").statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'state-store' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'state-store' }.data.store", equalTo("unreachable"))
                .body("checks.find { it.name == 'state-store' }.data.loadedExperiments", equalTo(0));
        post("/select", "{\"experiment\":\"homepage\"}").statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("title", equalTo("State store unavailable"))
                .body("detail", startsWith("Redis did not answer: "));
    }
}
