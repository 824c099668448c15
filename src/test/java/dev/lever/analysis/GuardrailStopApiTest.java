package dev.lever.analysis;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.get;
import static dev.lever.testing.Api.post;
import static dev.lever.testing.Api.put;
import static dev.lever.testing.Api.select;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An arm whose latency is twice the control's is stopped by its guardrail at a statistics refresh, with the record
 * of why, and gets no traffic until an operator reinstates it; then the guardrail no longer stops it. The same for a
 * challenger of an A/B test with {@code autoStop}, whose other users keep their arms.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class GuardrailStopApiTest {

    private static final String METRICS = "\"metrics\":[{\"id\":\"conversion\",\"type\":\"binary\"},"
            + "{\"id\":\"latency\",\"type\":\"continuous\",\"direction\":\"lower\",\"guardrail\":true,"
            + "\"margin\":0.1}]";
    /** Epsilon 1 shares the traffic evenly, so that every arm collects its 30 observations quickly. */
    private static final String BANDIT = "{\"arms\":[\"a\",\"b\",\"c\"],\"policy\":{\"type\":\"epsilon-greedy\","
            + "\"epsilon\":1.0}," + METRICS + "}";
    private static final String AB = "{\"arms\":[\"a\",\"b\",\"c\"],\"policy\":{\"type\":\"fixed-split\"},"
            + "\"split\":\"user\",\"autoStop\":true," + METRICS + "}";
    private static final int TRAFFIC = 180;
    /** Polls of at least one refresh interval (100 ms) each: the stop must come within a few refreshes. */
    private static final int POLLS = 50;

    @Test
    void aBanditArmWithBadLatencyIsStoppedThenReinstated() throws InterruptedException {
        String id = freshId("guard-bandit");
        create(id, BANDIT);
        get("/experiments/" + id).statusCode(200).body("control", equalTo("a"));
        traffic(id, 0, TRAFFIC, false);
        JsonPath stopped = awaitStop(id, "b");
        Map<String, Object> stop = stopped.getMap("arms.find { it.id == 'b' }.guardrailStop");
        assertEquals("latency", stop.get("metric"));
        assertEquals("a", stop.get("control"));
        assertEquals("relative", stop.get("marginType"));
        assertEquals(0.1, ((Number) stop.get("margin")).doubleValue());
        assertTrue(((Number) stop.get("armValue")).doubleValue() > 190, "arm value " + stop);
        assertTrue(((Number) stop.get("contrast")).doubleValue() < 0, "contrast " + stop);
        List<?> interval = (List<?>) stop.get("interval");
        assertTrue(((Number) interval.get(1)).doubleValue() < 0, "the interval's upper bound must be below 0: " + stop);
        assertNotNull(stop.get("stoppedAt"));
        assertNull(stop.get("reinstatedAt"));
        assertFalse(stopped.getBoolean("arms.find { it.id == 'a' }.retired"), "the control is never stopped");
        assertFalse(stopped.getBoolean("arms.find { it.id == 'c' }.retired"), "an arm within the margin serves on");

        Set<String> served = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            served.add(select(id, null).statusCode(200).extract().path("arm"));
        }
        assertEquals(Set.of("a", "c"), served, "a stopped arm gets no traffic");

        // A PUT may not write or erase a stop record (a definition read and written back carries it): the stored one
        // is kept.
        String forged = "{\"metric\":\"forged\",\"margin\":9,\"marginType\":\"absolute\",\"control\":\"c\","
                + "\"armValue\":1,\"controlValue\":1,\"contrast\":1,\"interval\":[0,2],\"alpha\":0.1,"
                + "\"stoppedAt\":\"2020-01-01T00:00:00Z\"}";
        put(id, BANDIT.replace("\"b\"", "{\"id\":\"b\",\"retired\":true,\"guardrailStop\":" + forged + "}"))
                .statusCode(200).body("arms.find { it.id == 'b' }.guardrailStop.metric", equalTo("latency"));

        post("/experiments/" + id + "/arms/b/reinstate", "").statusCode(200)
                .body("arms.find { it.id == 'b' }.retired", equalTo(false))
                .body("arms.find { it.id == 'b' }.guardrailStop.metric", equalTo("latency"))
                .body("arms.find { it.id == 'b' }.guardrailStop.reinstatedAt", containsString("T"));
        // More bad latency after the override, over several refreshes: the operator's decision stands.
        traffic(id, TRAFFIC, 60, false);
        Thread.sleep(250);
        traffic(id, TRAFFIC + 60, 30, false);
        get("/experiments/" + id).statusCode(200).body("arms.find { it.id == 'b' }.retired", equalTo(false));

        post("/experiments/" + id + "/arms/b/reinstate", "").statusCode(409)
                .body("detail", containsString("active"));
        post("/experiments/" + id + "/arms/zz/reinstate", "").statusCode(404);
    }

    @Test
    void anAbChallengerWithBadLatencyIsStoppedAndOtherUsersKeepTheirArms() {
        String id = freshId("guard-ab");
        create(id, AB);
        Map<String, String> before = traffic(id, 0, TRAFFIC, true);
        awaitStop(id, "b");
        get("/experiments/" + id).statusCode(200)
                .body("policy.weights.a", equalTo(0.5)).body("policy.weights.c", equalTo(0.5));
        for (Map.Entry<String, String> user : before.entrySet()) {
            String now = select(id, user.getKey()).statusCode(200).extract().path("arm");
            if (user.getValue().equals("b")) {
                assertTrue(now.equals("a") || now.equals("c"), user + " now on " + now);
            } else {
                assertEquals(user.getValue(), now, "user " + user.getKey() + " moved");
            }
        }
        get("/experiments/" + id + "/analysis").statusCode(200)
                .body("guardrailStops.b.metric", equalTo("latency"));
    }

    @Test
    void refusesAutoStopAndControlWhereTheyDoNotApply() {
        put(freshId("guard-bad"), BANDIT.replace("\"policy\"", "\"autoStop\":true,\"policy\"")).statusCode(400)
                .body("field", equalTo("autoStop"));
        put(freshId("guard-bad"), "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"},\"control\":\"b\"}")
                .statusCode(400).body("field", equalTo("control"));
        put(freshId("guard-bad"), "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"fixed-split\"},\"autoStop\":true}")
                .statusCode(400).body("field", equalTo("autoStop")).body("detail", containsString("guardrail"));
        put(freshId("guard-bad"), BANDIT.replace("\"policy\"", "\"control\":\"zz\",\"policy\"")).statusCode(400)
                .body("field", equalTo("control"));
    }

    /**
     * Sends {@code count} decisions, each rewarded with a conversion and a latency: about 100 ms (within 10 ms) on
     * arms a and c, about 200 ms on arm b. With {@code users}, each decision is a new user's.
     *
     * @return the arm each user got
     */
    private static Map<String, String> traffic(String id, int from, int count, boolean users) {
        Map<String, String> arms = new HashMap<>();
        for (int i = from; i < from + count; i++) {
            String unit = users ? "user-" + i : null;
            var decision = select(id, unit).statusCode(200).extract();
            String arm = decision.path("arm");
            if (users) {
                arms.put(unit, arm);
            }
            double latency = (arm.equals("b") ? 200 : 100) + (i * 37 % 21) - 10;
            post("/reward", "{\"decisionId\":\"" + decision.path("decisionId") + "\",\"metrics\":{\"conversion\":"
                    + (i % 3 == 0 ? 1 : 0) + ",\"latency\":" + latency + "}}").statusCode(200);
        }
        return arms;
    }

    /** Selects until the arm shows as stopped, at most {@link #POLLS} times; the experiment as it then reads. */
    private static JsonPath awaitStop(String id, String arm) {
        for (int i = 0; i < POLLS; i++) {
            JsonPath read = get("/experiments/" + id).statusCode(200).extract().jsonPath();
            if (read.getBoolean("arms.find { it.id == '" + arm + "' }.retired")) {
                return read;
            }
            try {
                Thread.sleep(110);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            select(id, "poll-" + i).statusCode(200);
        }
        throw new AssertionError("arm " + arm + " was not stopped within " + POLLS + " refreshes: "
                + get("/experiments/" + id).extract().asString());
    }
}
