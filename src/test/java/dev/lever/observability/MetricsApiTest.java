package dev.lever.observability;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.post;
import static dev.lever.testing.Api.reward;
import static dev.lever.testing.Api.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.testing.Api;
import dev.lever.testing.RedisServerResource;
import dev.lever.testing.Scrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/metrics} after a known sequence of selections and rewards of every outcome: the counters hold exactly
 * those counts under the right labels, the accepted rewards are the rewards the experiment API reports, and the
 * hot path's latency histograms, the Redis timer and the gauges are there.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class MetricsApiTest {

    private static final int SELECTS = 12;
    private static final int REWARDED = 8;

    private static Map<String, String> pair(String experiment, String arm, String key, String value) {
        return Map.of("experiment", experiment, "arm", arm, key, value);
    }

    @Test
    void everySelectionAndRewardIsCountedUnderItsExperimentArmAndOutcome() throws InterruptedException {
        String id = freshId("metrics");
        String late = freshId("metrics-late");
        create(id, "{\"arms\":[\"a\",\"b\",\"c\"],\"policy\":{\"type\":\"thompson\"}}");
        create(late, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"},\"rewardWindow\":\"1s\"}");
        Scrape before = Scrape.now();
        Map<String, String> other = pair(LeverMeters.OTHER, LeverMeters.OTHER, "outcome", "rejected");
        double otherRejectedBefore = before.value("lever_rewards_total", other);

        Map<String, Integer> selected = new HashMap<>();
        Map<String, Integer> accepted = new HashMap<>();
        Map<String, Integer> duplicate = new HashMap<>();
        Map<String, Integer> rejected = new HashMap<>();
        for (int i = 0; i < SELECTS; i++) {
            JsonPath decision = select(id, null).statusCode(200).extract().jsonPath();
            String arm = decision.getString("arm");
            selected.merge(arm, 1, Integer::sum);
            if (i < REWARDED) {
                reward(decision.getString("decisionId"), i % 2).statusCode(200);
                accepted.merge(arm, 1, Integer::sum);
            }
            if (i < 3) {
                reward(decision.getString("decisionId"), 1).statusCode(200);
                duplicate.merge(arm, 1, Integer::sum);
            }
            if (i == REWARDED) {
                reward(decision.getString("decisionId"), 3).statusCode(422);
                rejected.merge(arm, 1, Integer::sum);
            }
        }
        // A direct reward to an arm the experiment lacks: its experiment is known, its arm is not.
        post("/reward", "{\"experiment\":\"" + id + "\",\"arm\":\"zzz\",\"reward\":1}").statusCode(400);
        // Rewards after the window: expired.
        Map<String, Integer> expired = new HashMap<>();
        List<JsonPath> lateDecisions = List.of(select(late, null).statusCode(200).extract().jsonPath(),
                select(late, null).statusCode(200).extract().jsonPath());
        Thread.sleep(1_100);
        for (JsonPath decision : lateDecisions) {
            reward(decision.getString("decisionId"), 1).statusCode(410);
            expired.merge(decision.getString("arm"), 1, Integer::sum);
        }

        JsonPath stats = Api.get("/experiments/" + id).statusCode(200).extract().jsonPath();
        Scrape after = Scrape.now();
        for (String arm : List.of("a", "b", "c")) {
            assertEquals(selected.getOrDefault(arm, 0), (int) after.value("lever_selections_total",
                    pair(id, arm, "policy", "thompson")), "selections of " + arm);
            int acceptedHere = (int) after.value("lever_rewards_total", pair(id, arm, "outcome", "accepted"));
            assertEquals(accepted.getOrDefault(arm, 0), acceptedHere, "accepted rewards of " + arm);
            assertEquals(stats.getInt("stats.find { it.arm == '" + arm + "' }.rewards"), acceptedHere,
                    "the accepted rewards of " + arm + " are the rewards the API reports");
            assertEquals(stats.getInt("stats.find { it.arm == '" + arm + "' }.pulls"),
                    selected.getOrDefault(arm, 0), "pulls of " + arm);
            assertEquals(duplicate.getOrDefault(arm, 0), (int) after.value("lever_rewards_total",
                    pair(id, arm, "outcome", "duplicate")), "duplicate rewards of " + arm);
            assertEquals(rejected.getOrDefault(arm, 0), (int) after.value("lever_rewards_total",
                    pair(id, arm, "outcome", "rejected")), "rejected rewards of " + arm);
            assertEquals(0, (int) after.value("lever_rewards_total", pair(id, arm, "outcome", "expired")));
        }
        for (String arm : List.of("a", "b")) {
            assertEquals(expired.getOrDefault(arm, 0), (int) after.value("lever_rewards_total",
                    pair(late, arm, "outcome", "expired")), "expired rewards of " + arm);
        }
        assertEquals(otherRejectedBefore + 1, after.value("lever_rewards_total", other),
                "a reward of an unknown arm counts under _other");
        assertFalse(after.has("lever_rewards_total", Map.of("arm", "zzz")));

        // The hot path's latency histograms, the Redis timer, the gauges.
        assertTrue(after.all("http_server_requests_seconds_bucket", Map.of("uri", "/select", "status", "200"))
                .size() > 10, "histogram buckets of /select");
        assertTrue(after.has("http_server_requests_seconds_bucket", Map.of("uri", "/reward", "status", "410")));
        assertTrue(after.value("http_server_requests_seconds_count", Map.of("uri", "/select", "method", "POST",
                "status", "200")) >= SELECTS + 2);
        assertTrue(after.value("lever_redis_round_trip_seconds_count", Map.of("operation", "reward")) >= REWARDED);
        assertTrue(after.all("lever_redis_round_trip_seconds_bucket", Map.of("operation", "reward")).size() > 10,
                "histogram buckets of the Redis round trips");
        assertEquals(0, after.value("lever_degraded", Map.of()));
        assertTrue(after.has("lever_pull_buffer_size", Map.of()));
        assertTrue(after.has("lever_pulls_dropped_total", Map.of()));
        // Which snapshots the age counts is SnapshotAgeTest's; here only that it is exported. (Its value depends on
        // the other tests of this service: one that served degraded in the last minute keeps it high.)
        double age = after.value("lever_snapshot_age_seconds", Map.of());
        assertTrue(age >= 0 && Double.isFinite(age), "a snapshot age in seconds, was " + age);
        assertTrue(after.has("jvm_gc_pause_seconds_count", Map.of()) || after.has("jvm_memory_used_bytes",
                Map.of()), "JVM binder on");
        assertTrue(after.has("system_cpu_count", Map.of()), "system binder on");
    }

    @Test
    void deletingAnExperimentRemovesItsSeries() {
        String id = freshId("metrics-deleted");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"epsilon-greedy\"}}");
        select(id, null).statusCode(200);
        assertTrue(Scrape.now().has("lever_selections_total", Map.of("experiment", id)));

        Api.given().delete("/experiments/" + id).then().statusCode(204);
        Scrape after = Scrape.now();
        assertFalse(after.has("lever_selections_total", Map.of("experiment", id)));
        assertFalse(after.has("lever_rewards_total", Map.of("experiment", id)));
    }
}
