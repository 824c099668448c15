package dev.lever.experiment;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.get;
import static dev.lever.testing.Api.given;
import static dev.lever.testing.Api.post;
import static dev.lever.testing.Api.put;
import static dev.lever.testing.Api.select;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RedisServerResource.class)
class FixedSplitApiTest {

    private static final String METRICS = "\"metrics\":[{\"id\":\"click\",\"type\":\"binary\"},"
            + "{\"id\":\"latency_ms\",\"type\":\"continuous\",\"direction\":\"lower\",\"guardrail\":true,"
            + "\"margin\":0.05}]";

    private static String abTest(String weights, String extra) {
        return "{\"arms\":[\"model-a\",\"model-b\"],\"policy\":{\"type\":\"fixed-split\",\"weights\":" + weights
                + "}," + METRICS + extra + "}";
    }

    @Test
    void aUserSplitKeepsEveryUserOnOneArm() {
        String id = freshId("ab-user");
        put(id, abTest("{\"model-a\":0.3,\"model-b\":0.7}", ""))
                .statusCode(200)
                .body("split", equalTo("user"))
                .body("control", equalTo("model-a"))
                .body("policy.weights.model-b", equalTo(0.7))
                .body("metrics.id", equalTo(List.of("click", "latency_ms")))
                .body("metrics[1].guardrail", equalTo(true))
                .body("metrics[1].marginType", equalTo("relative"))
                .body("stats[1].allocation", equalTo(0.7));
        int onB = 0;
        for (int user = 0; user < 200; user++) {
            String arm = select(id, "user-" + user).statusCode(200).extract().path("arm");
            select(id, "user-" + user).body("arm", equalTo(arm))
                    .body("propensity", closeTo(arm.equals("model-b") ? 0.7 : 0.3, 1e-12));
            onB += arm.equals("model-b") ? 1 : 0;
        }
        // 200 users at 0.7: mean 140, sd 6.5; 5 sd either side.
        assertTrue(Math.abs(onB - 140) <= 33, onB + " of 200 users on model-b");
        select(id, null).statusCode(400).body("field", equalTo("unit"))
                .body("detail", equalTo("unit is required: experiment '" + id + "' splits by user, so /select "
                        + "must say which user the decision is for"));
    }

    @Test
    void aRequestSplitNeedsNoUnit() {
        String id = freshId("ab-request");
        create(id, abTest("{\"model-a\":0.5,\"model-b\":0.5}", ",\"split\":\"request\""));
        select(id, null).statusCode(200).body("propensity", equalTo(0.5)).body("policy", equalTo("fixed-split"));
    }

    @Test
    void rewardsCarrySeveralMetricsEachCountedOnce() {
        String id = freshId("ab-metrics");
        create(id, abTest("{\"model-a\":0.5,\"model-b\":0.5}", ""));
        String decision = select(id, "user-1").extract().path("decisionId");
        post("/reward", "{\"decisionId\":\"" + decision + "\",\"metrics\":{\"click\":1}}").statusCode(200)
                .body("status", equalTo("accepted"));
        post("/reward", "{\"decisionId\":\"" + decision + "\",\"metrics\":{\"click\":1,\"latency_ms\":230}}")
                .statusCode(200)
                .body("status", equalTo("accepted"))
                .body("duplicateMetrics", equalTo(List.of("click")));
        post("/reward", "{\"decisionId\":\"" + decision + "\",\"metrics\":{\"latency_ms\":250}}").statusCode(200)
                .body("status", equalTo("duplicate"));
        post("/reward", "{\"decisionId\":\"" + decision + "\",\"reward\":1}").statusCode(200)
                .body("status", equalTo("duplicate"));

        post("/reward", "{\"decisionId\":\"" + decision + "\",\"metrics\":{\"revenue\":3}}").statusCode(400)
                .body("field", equalTo("metrics.revenue"))
                .body("detail", equalTo("experiment '" + id + "' has no metric 'revenue'; its metrics: click, "
                        + "latency_ms"));
        String other = select(id, "user-2").extract().path("decisionId");
        post("/reward", "{\"decisionId\":\"" + other + "\",\"metrics\":{\"click\":2}}").statusCode(422)
                .body("field", equalTo("metrics.click"))
                .body("detail", equalTo("metrics.click must be 0 or 1 for a binary experiment, was 2.0"));
        post("/reward", "{\"decisionId\":\"" + other + "\",\"metrics\":{}}").statusCode(400)
                .body("field", equalTo("metrics"));
        post("/reward", "{\"decisionId\":\"" + other + "\",\"metrics\":{\"click\":1},\"reward\":1}")
                .statusCode(400).body("detail", equalTo("send either reward or metrics, not both"));
    }

    @Test
    void retiringAnArmHandsItsShareToTheOthers() {
        String id = freshId("ab-retire");
        create(id, "{\"arms\":[\"a\",\"b\",\"c\"],\"policy\":{\"type\":\"fixed-split\","
                + "\"weights\":{\"a\":0.5,\"b\":0.3,\"c\":0.2}}}");
        given().post("/experiments/" + id + "/arms/c/retire").then().statusCode(200)
                .body("policy.weights.a", closeTo(0.625, 1e-12))
                .body("policy.weights.b", closeTo(0.375, 1e-12))
                .body("stats[2].allocation", equalTo(0.0));
        given().post("/experiments/" + id + "/arms/a/retire").then().statusCode(409)
                .body("detail", equalTo("cannot retire 'a': it is the control arm"));
        post("/experiments/" + id + "/arms", "{\"id\":\"d\"}").statusCode(409);
    }

    @Test
    void aFixedSplitWithoutWeightsGivesEveryArmAnEqualShare() {
        String id = freshId("ab-equal");
        put(id, "{\"arms\":[\"a\",\"b\",\"c\"],\"policy\":{\"type\":\"fixed-split\"}}").statusCode(200)
                .body("policy.weights.a", closeTo(1.0 / 3, 1e-12))
                .body("policy.weights.c", closeTo(1.0 / 3, 1e-12))
                .body("stats[1].allocation", closeTo(1.0 / 3, 1e-12));
        get("/experiments/" + id).statusCode(200)
                .body("policy.weights.b", closeTo(1.0 / 3, 1e-12));
        int users = 900;
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        for (int user = 0; user < users; user++) {
            String arm = select(id, "user-" + user).statusCode(200)
                    .body("propensity", closeTo(1.0 / 3, 1e-12)).extract().path("arm");
            counts.merge(arm, 1, Integer::sum);
        }
        // 900 users at 1/3: mean 300, sd sqrt(900 * 1/3 * 2/3) = 14.1; 5 sd either side.
        for (String arm : List.of("a", "b", "c")) {
            int n = counts.getOrDefault(arm, 0);
            assertTrue(Math.abs(n - 300) <= 71, n + " of " + users + " users on " + arm);
        }
        // Equal shares follow the arms: an added arm gets its share without new weights.
        post("/experiments/" + id + "/arms", "{\"id\":\"d\"}").statusCode(200)
                .body("policy.weights.d", closeTo(0.25, 1e-12))
                .body("policy.weights.a", closeTo(0.25, 1e-12));
        given().post("/experiments/" + id + "/arms/b/retire").then().statusCode(200)
                .body("policy.weights.a", closeTo(1.0 / 3, 1e-12))
                .body("stats[1].allocation", equalTo(0.0));
    }

    @Test
    void aMetricDeclaresItsForm() {
        String id = freshId("ab-form");
        String perUnit = "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"fixed-split\"},\"metrics\":["
                + "{\"id\":\"converted\",\"form\":\"per-unit\"},"
                + "{\"id\":\"latency_ms\",\"type\":\"continuous\",\"direction\":\"lower\",\"guardrail\":true,"
                + "\"margin\":0.05}]}";
        put(id, perUnit).statusCode(200)
                .body("metrics[0].form", equalTo("per-unit"))
                .body("metrics[1].form", equalTo("ratio"));
        get("/experiments/" + id).body("metrics.form", equalTo(List.of("per-unit", "ratio")));
        put(id, perUnit.replace("per-unit", "ratio")).statusCode(409)
                .body("field", equalTo("metrics"))
                .body("detail", equalTo("metric 'converted' cannot change its form from per-unit to ratio on an "
                        + "existing experiment: it would change what was measured"));
        put(id, perUnit.replace("\"per-unit\"", "\"per-user\"")).statusCode(400)
                .body("field", equalTo("metrics[0].form"))
                .body("detail", equalTo("metrics[0].form must be 'ratio' or 'per-unit', was 'per-user'"));
        // A bandit may declare a form; its policy does not use it.
        put(freshId("bandit-form"), "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"},"
                + "\"metrics\":[{\"id\":\"revenue\",\"type\":\"continuous\",\"form\":\"per-unit\"}]}")
                .statusCode(200).body("metrics[0].form", equalTo("per-unit"));
    }

    @Test
    void badSplitDefinitionsNameTheField() {
        String id = freshId("ab-bad");
        put(id, abTest("{\"model-a\":0.5,\"model-b\":0.6}", "")).statusCode(400)
                .body("field", equalTo("policy.weights"))
                .body("detail", equalTo("policy.weights must sum to 1, was 1.1 for [0.5, 0.6]"));
        put(id, abTest("{\"model-a\":0.5,\"model-z\":0.5}", "")).statusCode(400)
                .body("field", equalTo("policy.weights"));
        put(id, abTest("[0.5,0.5]", "")).statusCode(400).body("field", equalTo("policy.weights"));
        put(id, abTest("{\"model-a\":0.5,\"model-b\":0.5}", ",\"split\":\"page\"")).statusCode(400)
                .body("field", equalTo("split"))
                .body("detail", equalTo("split must be 'user', 'session' or 'request', was 'page'"));
        put(id, abTest("{\"model-a\":0.5,\"model-b\":0.5}", ",\"sticky\":true")).statusCode(400)
                .body("field", equalTo("sticky"));
        put(id, abTest("{\"model-a\":0.5,\"model-b\":0.5}", ",\"control\":\"model-z\"")).statusCode(400)
                .body("field", equalTo("control"));
        put(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"},\"split\":\"user\"}").statusCode(400)
                .body("field", equalTo("split"));
        put(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"},\"metrics\":[{\"id\":\"x\","
                + "\"guardrail\":true,\"margin\":0.1}]}").statusCode(400).body("field", equalTo("metrics"));
        put(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"},\"metrics\":[{\"id\":\"x\"},"
                + "{\"id\":\"y\",\"guardrail\":true}]}").statusCode(400).body("field", equalTo("metrics[1].margin"));
        get("/experiments/" + id).statusCode(404);
    }
}
