package dev.lever.experiment;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.get;
import static dev.lever.testing.Api.given;
import static dev.lever.testing.Api.put;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Partial changes with an RFC 7396 merge patch, and replaces that would bring a retired arm back by accident. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class PatchApiTest {

    private static ValidatableResponse patch(String id, String body) {
        return given().contentType("application/merge-patch+json").body(body).patch("/experiments/" + id).then();
    }

    @Test
    void changesOnlyWhatThePatchNames() {
        String id = freshId("patch");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"epsilon-greedy\",\"epsilon\":0.2}}");
        patch(id, "{\"rewardWindow\":\"48h\"}").statusCode(200)
                .body("rewardWindow", equalTo("2d"))
                .body("policy.epsilon", equalTo(0.2))
                .body("version", equalTo(2));
        patch(id, "{\"policy\":{\"epsilon\":0.05}}").statusCode(200)
                .body("policy.type", equalTo("epsilon-greedy"))
                .body("policy.epsilon", equalTo(0.05))
                .body("rewardWindow", equalTo("2d"));
        // null removes a member: the default comes back.
        patch(id, "{\"rewardWindow\":null}").statusCode(200).body("rewardWindow", equalTo("1d"));
    }

    @Test
    void addsAGuardrailAndChangesWeights() {
        String id = freshId("patch-ab");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"fixed-split\"},\"split\":\"request\"}");
        patch(id, "{\"policy\":{\"weights\":{\"a\":0.8,\"b\":0.2}},\"metrics\":[{\"id\":\"reward\"},"
                + "{\"id\":\"latency\",\"type\":\"continuous\",\"direction\":\"lower\",\"guardrail\":true,"
                + "\"margin\":0.1}]}").statusCode(200)
                .body("policy.weights.a", equalTo(0.8))
                .body("metrics[1].id", equalTo("latency"))
                .body("metrics[1].guardrail", equalTo(true));
    }

    @Test
    void thePatchedDefinitionMeetsEveryRuleOfAReplace() {
        String id = freshId("patch-rules");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"}}");
        patch(id, "{\"policy\":{\"alpha\":-1}}").statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("policy.alpha"));
        patch(id, "{\"reward\":\"continuous\",\"metrics\":null,\"policy\":{\"alpha\":null,\"beta\":null}}")
                .statusCode(409).body("field", equalTo("reward"));
        patch(id, "{\"arms\":[\"a\"]}").statusCode(400).body("field", equalTo("arms"));
        patch(id, "{\"colour\":\"red\"}").statusCode(400).body("field", equalTo("colour"));
        patch(id, "[]").statusCode(400).contentType("application/problem+json");
        patch(freshId("missing"), "{\"sticky\":true}").statusCode(404).contentType("application/problem+json");
        get("/experiments/" + id).statusCode(200).body("version", equalTo(1));
    }

    @Test
    void aReplaceMayNotBringARetiredArmBackImplicitly() {
        String id = freshId("unretire");
        create(id, "{\"arms\":[\"a\",\"b\",\"c\"],\"policy\":{\"type\":\"ucb1\"}}");
        given().post("/experiments/" + id + "/arms/c/retire").then().statusCode(200);
        put(id, "{\"arms\":[\"a\",\"b\",\"c\"],\"policy\":{\"type\":\"ucb1\"}}").statusCode(409)
                .contentType("application/problem+json")
                .body("field", equalTo("arms[2]"))
                .body("detail", equalTo("arm 'c' is retired; list it as {\"id\": \"c\", \"retired\": true} to keep "
                        + "it retired, or as {\"id\": \"c\", \"retired\": false} to bring it back"));
        patch(id, "{\"arms\":[\"a\",\"b\",\"c\"]}").statusCode(409).body("field", equalTo("arms[2]"));
        // Other changes keep the arm retired, since the stored form says so.
        patch(id, "{\"policy\":{\"c\":0.5}}").statusCode(200).body("arms[2].retired", equalTo(true));
        put(id, "{\"arms\":[\"a\",\"b\",{\"id\":\"c\",\"retired\":false}],\"policy\":{\"type\":\"ucb1\"}}")
                .statusCode(200).body("arms[2].retired", equalTo(false));
    }

    @Test
    void parametersThatDoNotApplyAreRefused() {
        String id = freshId("prior");
        put(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\",\"alpha\":2},\"reward\":\"continuous\"}")
                .statusCode(400).body("field", equalTo("policy.alpha"))
                .body("detail", equalTo("policy.alpha is a parameter of the Beta prior of binary rewards; a "
                        + "continuous reward uses a Normal model without it: remove it"));
        put(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\",\"beta\":2},\"reward\":\"continuous\"}")
                .statusCode(400).body("field", equalTo("policy.beta"));
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"},\"reward\":\"continuous\"}");
        get("/experiments/" + id).statusCode(200).body("policy", not(hasKey("alpha")))
                .body("policy", not(hasKey("beta")));
        patch(id, "{\"policy\":{\"propensityDraws\":2000}}").statusCode(200)
                .body("policy.propensityDraws", equalTo(2000));
    }
}
