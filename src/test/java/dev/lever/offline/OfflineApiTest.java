package dev.lever.offline;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.get;
import static dev.lever.testing.Api.given;
import static dev.lever.testing.Api.post;
import static dev.lever.testing.Api.reward;
import static dev.lever.testing.Api.select;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The decision log ({@code GET /experiments/{id}/decisions}) and off-policy evaluation
 * ({@code POST /experiments/{id}/evaluate}) through the HTTP API, on Redis with pulls added in batches.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class OfflineApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DECISIONS = 120;

    /** A logged 50/50 split with a 1 s reward window; every third decision rewarded; returns each decision's arm. */
    private static List<String> logTraffic(String id) {
        create(id, "{\"arms\": [\"a\", \"b\"], \"policy\": {\"type\": \"fixed-split\"}, \"split\": \"request\", "
                + "\"rewardWindow\": \"1s\", \"log\": true}");
        List<String> arms = new ArrayList<>();
        for (int i = 0; i < DECISIONS; i++) {
            JsonPath decision = select(id, "user-" + i).statusCode(200).extract().jsonPath();
            arms.add(decision.getString("arm"));
            if (i % 3 == 0) {
                reward(decision.getString("decisionId"), 1).statusCode(200);
            }
        }
        return arms;
    }

    private static List<JsonNode> lines(String body) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void theLogIsReadAsJsonLinesInPagesWithACursor() throws Exception {
        String id = freshId("log");
        List<String> decided = logTraffic(id);
        List<JsonNode> read = new ArrayList<>();
        String since = null;
        for (int page = 0; page < 10; page++) {
            ExtractableResponse<Response> response = given().queryParam("limit", 50)
                    .queryParams(since == null ? Map.of() : Map.of("since", since))
                    .get("/experiments/" + id + "/decisions").then().statusCode(200)
                    .contentType(OfflineResource.NDJSON).extract();
            List<JsonNode> lines = lines(response.asString());
            assertTrue(lines.size() <= 50);
            read.addAll(lines);
            if (lines.isEmpty()) {
                assertEquals(since, response.header(OfflineResource.NEXT), "an empty page keeps the cursor");
                break;
            }
            since = response.header(OfflineResource.NEXT);
            assertEquals(lines.get(lines.size() - 1).get("id").asText(), since);
        }
        List<JsonNode> decisions = read.stream().filter(l -> l.get("type").asText().equals("decision")).toList();
        List<JsonNode> rewards = read.stream().filter(l -> l.get("type").asText().equals("reward")).toList();
        assertEquals(DECISIONS, decisions.size(), "every decision once");
        assertEquals(DECISIONS / 3, rewards.size(), "every counted reward once");
        Map<String, String> armOfToken = new HashMap<>();
        for (JsonNode d : decisions) {
            assertEquals(0.5, d.get("propensity").asDouble());
            assertEquals("fixed-split", d.get("policy").asText());
            assertEquals(1, d.get("version").asLong());
            assertTrue(d.get("unit").asText().startsWith("user-"));
            armOfToken.put(d.get("decision").asText(), d.get("arm").asText());
        }
        for (JsonNode r : rewards) {
            assertEquals(armOfToken.get(r.get("decision").asText()), r.get("arm").asText(),
                    "a reward joins its decision by token");
            assertEquals("reward", r.get("metric").asText());
        }
        assertEquals(decided.stream().filter("a"::equals).count(),
                decisions.stream().filter(d -> d.get("arm").asText().equals("a")).count());
    }

    @Test
    void theLoggingPolicyEvaluatedOnItsOwnLogEarnsWhatItEarned() throws Exception {
        String id = freshId("ope");
        List<String> arms = logTraffic(id);
        Thread.sleep(1_100); // the reward window closes
        JsonPath same = post("/experiments/" + id + "/evaluate", "{\"policy\": {\"type\": \"fixed-split\"}}")
                .statusCode(200).extract().jsonPath();
        assertEquals(DECISIONS, same.getLong("decisions"));
        assertEquals(0, same.getLong("pending"));
        assertEquals(DECISIONS, same.getDouble("effectiveSampleSize"), 1e-9, "every weight is 1");
        double observed = same.getDouble("logging.value");
        assertEquals(DECISIONS / 3 / (double) DECISIONS, observed, 1e-12);
        assertEquals(observed, same.getDouble("ips.value"), 1e-12);
        assertEquals(observed, same.getDouble("snips.value"), 1e-12);
        // The reward model is each arm's mean: DR = (mean of a + mean of b) / 2 for the 50/50 candidate.
        double[] rewarded = new double[2];
        double[] chosen = new double[2];
        for (int i = 0; i < arms.size(); i++) {
            int arm = arms.get(i).equals("a") ? 0 : 1;
            chosen[arm]++;
            rewarded[arm] += i % 3 == 0 ? 1 : 0;
        }
        assertEquals((rewarded[0] / chosen[0] + rewarded[1] / chosen[1]) / 2, same.getDouble("doublyRobust.value"),
                1e-12);
        assertTrue(same.getString("propensities").startsWith("logged"));

        JsonPath allB = post("/experiments/" + id + "/evaluate",
                "{\"policy\": {\"type\": \"fixed-split\", \"weights\": {\"a\": 0, \"b\": 1}}, \"confidence\": 0.9}")
                .statusCode(200).extract().jsonPath();
        assertTrue(allB.getDouble("ips.lower") <= allB.getDouble("ips.value")
                && allB.getDouble("ips.value") <= allB.getDouble("ips.upper"));
        assertEquals(0.9, allB.getDouble("confidence"));
        assertTrue(allB.getLong("matched") < DECISIONS, "only the decisions that chose b");

        post("/experiments/" + id + "/evaluate", "{\"policy\": {\"type\": \"thompson\"}, \"seed\": 7}")
                .statusCode(200).body("candidate.type", equalTo("thompson"));
    }

    @Test
    void aCandidateTheLogCannotSupportIsRefused() throws Exception {
        String id = freshId("unsupported");
        logTraffic(id);
        Thread.sleep(1_100);
        post("/experiments/" + id + "/arms", "{\"id\": \"c\"}").statusCode(200);
        post("/experiments/" + id + "/evaluate", "{\"policy\": {\"type\": \"fixed-split\"}}").statusCode(409)
                .contentType("application/problem+json").body("field", equalTo("policy"))
                .body("detail", containsString("[c]"));
        post("/experiments/" + id + "/evaluate", "{\"policy\": {\"type\": \"thompson\", \"epsilon\": 1}}")
                .statusCode(400).body("field", equalTo("policy.epsilon"));
        post("/experiments/" + id + "/evaluate", "{\"policy\": {\"type\": \"discounted-ucb\", \"halfLife\": \"6h\"}}")
                .statusCode(400).body("field", equalTo("policy.type"))
                .body("detail", containsString("replay keeps no discounted statistics"));
        post("/experiments/" + id + "/evaluate", "{\"since\": \"1-0\"}").statusCode(400)
                .body("field", equalTo("policy"));
        post("/experiments/" + id + "/evaluate", "{\"policy\": {\"type\": \"fixed-split\"}, \"since\": \"yesterday\"}")
                .statusCode(400).body("field", equalTo("since"));
        post("/experiments/" + id + "/evaluate", "{\"policy\": {\"type\": \"fixed-split\"}, \"confidence\": 1}")
                .statusCode(400).body("field", equalTo("confidence"));
    }

    @Test
    void aLoggedExperimentKeepsTheContextItsPolicyIgnoresAndOneWithoutALogRefusesIt() throws Exception {
        String id = freshId("ctx");
        create(id, "{\"arms\": [\"a\", \"b\"], \"policy\": {\"type\": \"thompson\"}, \"log\": true}");
        post("/select", "{\"experiment\": \"" + id + "\", \"unit\": \"user-1\", \"context\": {\"tenure_days\": "
                + "2.5, \"device\": \"mobile\", \"returning\": true, \"country\": null}}").statusCode(200)
                .body("policy", equalTo("thompson"));
        select(id, "user-2").statusCode(200);
        post("/select", "{\"experiment\": \"" + id + "\", \"context\": {\"device\": [\"mobile\"]}}").statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("context.device"));
        List<JsonNode> logged = lines(get("/experiments/" + id + "/decisions").statusCode(200).extract().asString());
        assertEquals(2, logged.size(), "the refused request recorded nothing");
        assertEquals(JSON.readTree("{\"country\":null,\"device\":\"mobile\",\"returning\":true,"
                + "\"tenure_days\":2.5}"), logged.get(0).get("context"), "the context as sent, as an object");
        assertTrue(logged.get(1).get("context") == null, "no context, no field");

        given().contentType("application/merge-patch+json").body("{\"log\": false}").patch("/experiments/" + id)
                .then().statusCode(200);
        post("/select", "{\"experiment\": \"" + id + "\", \"context\": {\"device\": \"mobile\"}}").statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("context"))
                .body("detail", containsString("keeps no log"));
    }

    @Test
    void aContextualCandidateIsEvaluatedOnTheLoggedContexts() throws Exception {
        String id = freshId("ctx-ope");
        create(id, "{\"arms\": [\"a\", \"b\"], \"policy\": {\"type\": \"fixed-split\"}, \"split\": \"request\", "
                + "\"rewardWindow\": \"1s\", \"log\": true}");
        for (int i = 0; i < DECISIONS; i++) {
            String device = i % 2 == 0 ? "mobile" : "desktop";
            JsonPath decision = post("/select", "{\"experiment\": \"" + id + "\", \"context\": {\"device\": \""
                    + device + "\"}}").statusCode(200).extract().jsonPath();
            // a pays on mobile, b on desktop: a context-aware candidate earns 1 per decision, a split 0.5.
            boolean pays = decision.getString("arm").equals(device.equals("mobile") ? "a" : "b");
            reward(decision.getString("decisionId"), pays ? 1 : 0).statusCode(200);
        }
        Thread.sleep(1_100);
        JsonPath linucb = post("/experiments/" + id + "/evaluate", "{\"policy\": {\"type\": \"linucb\", "
                + "\"alpha\": 0.1}, \"features\": {\"dimension\": 8}}").statusCode(200).extract().jsonPath();
        assertEquals("linucb", linucb.getString("candidate.type"));
        assertEquals(8, linucb.getInt("candidate.features.dimension"));
        assertEquals("ridge-per-arm(d=8)", linucb.getString("rewardModel"));
        assertEquals(DECISIONS, linucb.getLong("decisions"));
        assertTrue(linucb.getDouble("doublyRobust.value") > 0.8, "it learns which arm pays for each device: "
                + linucb.getDouble("doublyRobust.value"));
        assertTrue(linucb.getDouble("doublyRobust.standardError") < linucb.getDouble("ips.standardError"));

        JsonPath split = post("/experiments/" + id + "/evaluate", "{\"policy\": {\"type\": \"fixed-split\"}}")
                .statusCode(200).extract().jsonPath();
        assertEquals("ridge-per-arm(d=32)", split.getString("rewardModel"), "the default dimension, with contexts");
        assertEquals(0.5, split.getDouble("logging.value"), 0.5 * 4 / Math.sqrt(DECISIONS));
        post("/experiments/" + id + "/evaluate", "{\"policy\": {\"type\": \"linear-thompson\"}, \"seed\": 3}")
                .statusCode(200).body("candidate.type", equalTo("linear-thompson"))
                .body("candidate.features.dimension", equalTo(32));
        post("/experiments/" + id + "/evaluate", "{\"policy\": {\"type\": \"linucb\"}, \"features\": "
                + "{\"dimension\": 65}}").statusCode(400).body("field", equalTo("features.dimension"));
    }

    @Test
    void tooFewDecisionsAndExperimentsWithoutALogAreRefused() {
        String young = freshId("young");
        create(young, "{\"arms\": [\"a\", \"b\"], \"policy\": {\"type\": \"fixed-split\"}, \"split\": \"request\", "
                + "\"log\": true}");
        select(young, null).statusCode(200);
        post("/experiments/" + young + "/evaluate", "{\"policy\": {\"type\": \"fixed-split\"}}").statusCode(409)
                .body("field", equalTo("policy")).body("detail", containsString("reward window"));

        String plain = freshId("plain");
        create(plain, "{\"arms\": [\"a\", \"b\"], \"policy\": {\"type\": \"thompson\"}}");
        select(plain, null).statusCode(200);
        get("/experiments/" + plain + "/decisions").statusCode(409).body("field", equalTo("log"));
        post("/experiments/" + plain + "/evaluate", "{\"policy\": {\"type\": \"ucb1\"}}").statusCode(409)
                .body("field", equalTo("log"));
        get("/experiments/" + plain + "/decisions?limit=0").statusCode(400).body("field", equalTo("limit"));
        get("/experiments/" + plain + "/decisions?since=abc").statusCode(400).body("field", equalTo("since"));
        get("/experiments/nope-" + plain + "/decisions").statusCode(404);

        given().contentType("application/merge-patch+json").body("{\"log\": true}").patch("/experiments/" + plain)
                .then().statusCode(200).body("log", equalTo(true));
        String decision = select(plain, "user-9").statusCode(200).extract().path("decisionId");
        List<String> types = new ArrayList<>();
        String body = get("/experiments/" + plain + "/decisions").statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            types.add(line.contains("\"type\":\"decision\"") ? "decision" : line);
        }
        assertEquals(List.of("decision"), types, "logged from the change on, the earlier decision not");
        reward(decision, 1).statusCode(200);
        given().contentType("application/merge-patch+json").body("{\"log\": false}").patch("/experiments/" + plain)
                .then().statusCode(200).body("log", equalTo(false));
        select(plain, "user-10").statusCode(200);
        assertEquals(2, get("/experiments/" + plain + "/decisions").statusCode(200).extract().asString()
                .split("\n").length, "the reward before the change; nothing after it; what was logged stays");
    }
}
