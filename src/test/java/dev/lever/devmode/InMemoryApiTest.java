package dev.lever.devmode;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.get;
import static dev.lever.testing.Api.given;
import static dev.lever.testing.Api.post;
import static dev.lever.testing.Api.put;
import static dev.lever.testing.Api.reward;
import static dev.lever.testing.Api.select;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.lever.store.StateStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API on the in-memory store that {@code ./mvnw quarkus:dev} runs on, with no Redis at all, and the limits
 * on experiments and arms (set low here).
 */
@QuarkusTest
@TestProfile(InMemoryApiTest.DevStore.class)
class InMemoryApiTest {

    public static class DevStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lever.store.type", "memory", "quarkus.redis.hosts", "redis://127.0.0.1:1",
                    "lever.limits.max-experiments", "3", "lever.limits.max-arms", "4");
        }
    }

    @Inject
    StateStore store;

    @Test
    void everyCallWorksWithoutRedis() {
        String bandit = freshId("mem");
        create(bandit, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"},\"sticky\":true}");
        get("/experiments/" + bandit).statusCode(200).body("stickyTtl", equalTo("30d"));
        String decision = select(bandit, "user-1").statusCode(200).body("degraded", nullValue())
                .extract().path("decisionId");
        reward(decision, 1).statusCode(200).body("status", equalTo("accepted"));
        reward(decision, 1).statusCode(200).body("status", equalTo("duplicate"));
        get("/experiments/" + bandit).statusCode(200).body("stats.find { it.rewards == 1 }.pulls", equalTo(1));
        given().contentType("application/merge-patch+json").body("{\"rewardWindow\":\"2h\"}")
                .patch("/experiments/" + bandit).then().statusCode(200).body("rewardWindow", equalTo("2h"));

        String test = freshId("mem-ab");
        create(test, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"fixed-split\"}}");
        for (int user = 0; user < 20; user++) {
            String id = select(test, "u" + user).statusCode(200).extract().path("decisionId");
            reward(id, user % 2).statusCode(200);
        }
        get("/experiments/" + test + "/analysis").statusCode(200).body("unit", equalTo("user"))
                .body("metrics[0].arms.collect { it.observations }.sum()", equalTo(20));
        get("/experiments").statusCode(200);

        given().delete("/experiments/" + bandit).then().statusCode(204);
        given().delete("/experiments/" + test).then().statusCode(204);
        get("/experiments/" + bandit).statusCode(404);
    }

    @Test
    void theLimitsOnExperimentsAndArmsHold() {
        String wide = freshId("wide");
        put(wide, "{\"arms\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"policy\":{\"type\":\"ucb1\"}}").statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("arms"))
                .body("detail", containsString("lever.limits.max-arms"));
        create(wide, "{\"arms\":[\"a\",\"b\",\"c\",\"d\"],\"policy\":{\"type\":\"ucb1\"}}");
        post("/experiments/" + wide + "/arms", "{\"id\":\"e\"}").statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("lever.limits.max-arms"));

        long held = store.count().await().atMost(Duration.ofSeconds(5));
        String ids = IntStream.range(0, (int) Math.max(0, 3 - held)).mapToObj(i -> freshId("fill"))
                .peek(id -> create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"}}"))
                .collect(Collectors.joining(","));
        String one = freshId("one-more");
        put(one, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"}}").statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("lever.limits.max-experiments"));
        get("/experiments/" + one).statusCode(404);
        // A replace is not a creation: it passes at the limit.
        put(wide, "{\"arms\":[\"a\",\"b\",\"c\",\"d\"],\"policy\":{\"type\":\"thompson\"}}").statusCode(200);
        given().delete("/experiments/" + wide).then().statusCode(204);
        create(one, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"}}");
        for (String id : (ids + "," + one).split(",")) {
            if (!id.isEmpty()) {
                given().delete("/experiments/" + id).then().statusCode(204);
            }
        }
    }

    @Test
    void stickyTtlIsADurationOfStickyExperimentsThatCannotChange() {
        String id = freshId("ttl");
        put(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"},\"stickyTtl\":\"7d\"}").statusCode(400)
                .body("field", equalTo("stickyTtl"));
        put(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"},\"sticky\":true,\"stickyTtl\":\"10m\"}")
                .statusCode(400).body("field", equalTo("stickyTtl"));
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"},\"sticky\":true,\"stickyTtl\":\"7d\"}");
        get("/experiments/" + id).statusCode(200).body("stickyTtl", equalTo("7d"));
        given().contentType("application/merge-patch+json").body("{\"stickyTtl\":\"14d\"}")
                .patch("/experiments/" + id).then().statusCode(409).body("field", equalTo("stickyTtl"));
        given().delete("/experiments/" + id).then().statusCode(204);
    }
}
