package dev.lever.health;

import static dev.lever.testing.Api.get;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RedisServerResource.class)
class HealthTest {

    @Test
    void liveAndReadyWithTheRedisStore() {
        get("/q/health/live").statusCode(200).body("status", equalTo("UP"));
        get("/q/health/ready").statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("state-store"))
                .body("checks.find { it.name == 'state-store' }.data.type", equalTo("redis"));
    }
}
