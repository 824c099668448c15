package dev.lever.analysis;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.get;
import static dev.lever.testing.Api.post;
import static dev.lever.testing.Api.reward;
import static dev.lever.testing.Api.select;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@code GET /experiments/{id}/history} through the HTTP API, on Redis with pulls added in batches. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class HistoryApiTest {

    private static final int CLIENTS = 4;
    private static final int SELECTS_PER_CLIENT = 150;

    /** Selects from {@code CLIENTS} threads at once, a bounded number each; rewards every third decision. */
    private static void selectConcurrently(String id, boolean withUnits) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                work.add(() -> {
                    for (int i = 0; i < SELECTS_PER_CLIENT; i++) {
                        String unit = withUnits ? "user-" + client + "-" + (i % 20) : null;
                        String decision = retried(() -> select(id, unit)).extract().path("decisionId");
                        if (i % 3 == 0) {
                            retried(() -> reward(decision, 1));
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(work, 60, TimeUnit.SECONDS)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The call's answer once it is not 503, as a client retries when Redis answered too slowly (a loaded build
     * machine); a retried reward is deduplicated, so it still counts once.
     */
    private static ValidatableResponse retried(Supplier<ValidatableResponse> call) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            ValidatableResponse response = call.get();
            if (response.extract().statusCode() != 503 || attempt == 5) {
                return response.statusCode(200);
            }
            Thread.sleep(100L * attempt);
        }
    }

    /** The sum of a field of every arm of every point. */
    private static double sum(JsonPath history, String field) {
        double total = 0;
        for (Map<String, Object> point : history.<Map<String, Object>>getList("points")) {
            for (Object arm : (List<?>) point.get("arms")) {
                Object value = ((Map<?, ?>) arm).get(field);
                total += value == null ? 0 : ((Number) value).doubleValue();
            }
        }
        return total;
    }

    private static JsonPath history(String id, String query) {
        return get("/experiments/" + id + "/history" + query).statusCode(200).extract().jsonPath();
    }

    /**
     * Every resolution's buckets add up to the experiment's pulls and rewards. (The experiment may count a pull more
     * than the decisions answered: a sticky selection whose script call timed out under load is served degraded and
     * kept for the next batch, though the script may still have run; its bucket counts it as often as the
     * experiment does.)
     */
    private static void assertAddsUp(String id) {
        JsonPath stats = get("/experiments/" + id).statusCode(200).extract().jsonPath();
        double pulls = stats.<Number>getList("stats.pulls").stream().mapToLong(Number::longValue).sum();
        double rewards = stats.<Number>getList("stats.rewards").stream().mapToLong(Number::longValue).sum();
        assertTrue(pulls >= CLIENTS * SELECTS_PER_CLIENT, "every decision counted, " + pulls);
        String since = "?from=" + Instant.now().minus(Duration.ofHours(2));
        for (String query : List.of("", since, since + "&bucket=PT5M", since + "&bucket=PT1H")) {
            JsonPath history = history(id, query);
            assertEquals(pulls, sum(history, "pulls"), "pulls of every bucket, " + query);
            assertEquals(rewards, sum(history, "rewards"), "rewards of every bucket, " + query);
            for (Map<String, Object> point : history.<Map<String, Object>>getList("points")) {
                double allocation = 0;
                boolean decided = false;
                for (Object arm : (List<?>) point.get("arms")) {
                    Object share = ((Map<?, ?>) arm).get("allocation");
                    if (share != null) {
                        allocation += ((Number) share).doubleValue();
                        decided = true;
                    }
                }
                assertTrue(!decided || Math.abs(allocation - 1) < 1e-9,
                        "a bucket's mean allocations add up to 1, were " + allocation + " at " + point.get("start"));
            }
        }
    }

    @Test
    void theBucketsPullsAddUpToTheExperimentsAtEveryResolution() throws Exception {
        String id = freshId("history");
        create(id, "{\"arms\":[\"model-a\",\"model-b\",\"model-c\"],\"policy\":{\"type\":\"thompson\"}}");
        selectConcurrently(id, false);
        assertAddsUp(id);
        JsonPath latest = history(id, "");
        assertEquals("PT1M", latest.getString("bucket"), "the finest resolution by default");
        assertEquals(List.of("model-a", "model-b", "model-c"), latest.getList("points[0].arms.arm"));
        assertTrue(latest.getMap("points[0].arms[0]").get("metrics") == null, "a bandit's points carry no metrics");
        assertEquals("PT1H", history(id, "?bucket=PT1H").getString("bucket"));
    }

    @Test
    void stickyDecisionsAreCountedWithTheirAllocation() throws Exception {
        String id = freshId("history-sticky");
        create(id, "{\"arms\":[\"model-a\",\"model-b\"],\"policy\":{\"type\":\"epsilon-greedy\",\"epsilon\":0.2},"
                + "\"sticky\":true}");
        selectConcurrently(id, true);
        assertAddsUp(id);
        JsonPath history = history(id, "?bucket=PT1H");
        assertTrue(history.<Object>getList("points.arms.allocation").toString().matches(".*\\d.*"),
                "allocations were recorded for sticky decisions");
    }

    @Test
    void anABTestGetsEachMetricPerBucket() {
        String id = freshId("history-ab");
        create(id, "{\"arms\":[\"model-a\",\"model-b\"],\"policy\":{\"type\":\"fixed-split\"},"
                + "\"metrics\":[{\"id\":\"click\",\"type\":\"binary\"},"
                + "{\"id\":\"revenue\",\"type\":\"continuous\",\"guardrail\":true,\"margin\":0.05}],"
                + "\"plan\":{\"baseline\":0.1,\"minimumDetectableEffect\":0.5}}");
        for (int user = 0; user < 20; user++) {
            String decision = select(id, "user-" + user).statusCode(200).extract().path("decisionId");
            post("/reward", "{\"decisionId\":\"" + decision + "\",\"metrics\":{\"click\":1,\"revenue\":2.5}}")
                    .statusCode(200);
        }
        JsonPath history = history(id, "?bucket=PT1H");
        assertEquals(20.0, sum(history, "pulls"));
        double clicks = 0;
        double revenue = 0;
        for (Map<String, Object> point : history.<Map<String, Object>>getList("points")) {
            for (Object arm : (List<?>) point.get("arms")) {
                for (Object metric : (List<?>) ((Map<?, ?>) arm).get("metrics")) {
                    Map<?, ?> m = (Map<?, ?>) metric;
                    if (m.get("metric").equals("click")) {
                        clicks += ((Number) m.get("count")).doubleValue();
                    } else {
                        revenue += ((Number) m.get("sum")).doubleValue();
                    }
                }
            }
        }
        assertEquals(20, clicks);
        assertEquals(50, revenue, 1e-9);
    }

    @Test
    void theDefaultBucketFitsTheRange() {
        String id = freshId("history-range");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"}}");
        Instant now = Instant.now();
        JsonPath days = history(id, "?from=" + now.minus(Duration.ofDays(3)) + "&to=" + now);
        assertEquals("PT1H", days.getString("bucket"), "minutes are kept a day: hours answer three days");
        assertEquals(73, days.getList("points").size());
        JsonPath months = history(id, "?from=" + now.minus(Duration.ofDays(80)) + "&to=" + now);
        assertEquals("PT2H", months.getString("bucket"), "80 days of hours exceed 1500 points");
        JsonPath pinned = history(id, "?from=2026-01-01T00:00:00Z&to=2026-01-01T00:10:00Z&bucket=PT5M");
        assertEquals(List.of("2026-01-01T00:00:00Z", "2026-01-01T00:05:00Z"), pinned.getList("points.start"));
        assertEquals("2026-01-01T00:10:00Z", pinned.getString("to"));
    }

    @Test
    void badQueriesAreProblemsNamingTheParameter() {
        String id = freshId("history-bad");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"}}");
        String path = "/experiments/" + id + "/history";
        get(path + "?from=yesterday").statusCode(400).body("field", equalTo("from"))
                .body("detail", containsString("ISO-8601 instant"));
        get(path + "?to=2026-13-01T00:00:00Z").statusCode(400).body("field", equalTo("to"));
        get(path + "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z").statusCode(400)
                .body("field", equalTo("from")).body("detail", containsString("before to"));
        get(path + "?bucket=PT90S").statusCode(400).body("field", equalTo("bucket"))
                .body("detail", containsString("multiple of a stored bucket (PT1M, PT1H)"));
        get(path + "?bucket=-PT1M").statusCode(400).body("field", equalTo("bucket"));
        get(path + "?bucket=soon").statusCode(400).body("field", equalTo("bucket"));
        get(path + "?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&bucket=PT1M").statusCode(400)
                .body("field", equalTo("bucket")).body("detail", containsString("more than the 1500 allowed"));
        get("/experiments/no-such-experiment/history").statusCode(404);
    }
}
