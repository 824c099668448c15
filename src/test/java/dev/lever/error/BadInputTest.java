package dev.lever.error;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.given;
import static dev.lever.testing.Api.post;
import static dev.lever.testing.Api.put;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;

import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input gets an {@code application/problem+json} answer with the right status, naming the field
 * and what is allowed, and never a stack trace.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class BadInputTest {

    private String binary;
    private String continuous;

    @BeforeEach
    void experiments() {
        binary = freshId("bad-binary");
        create(binary, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"}}");
        continuous = freshId("bad-continuous");
        create(continuous, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"},\"reward\":\"continuous\"}");
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String field,
            String detail) {
        response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", equalTo("about:blank"))
                .body("title", not(nullValue()))
                .body("detail", equalTo(detail))
                .body("detail", not(containsString("Exception")))
                .body("detail", not(containsString("\tat ")));
        return field == null ? response.body("field", nullValue()) : response.body("field", equalTo(field));
    }

    private String definition(String arms, String policy) {
        return "{\"arms\":" + arms + ",\"policy\":" + policy + "}";
    }

    @Test
    void malformedJson() {
        problem(post("/select", "{\"experiment\": "), 400, null, "request body is not valid JSON at line 1, "
                + "column 16: Unexpected end-of-input within/between Object entries");
    }

    @Test
    void missingBody() {
        problem(given().contentType(ContentType.JSON).post("/select").then(), 400, null,
                "request body is required, e.g. {\"experiment\": \"homepage\", \"unit\": \"user-42\"}");
    }

    @Test
    void unknownField() {
        problem(post("/select", "{\"experiment\":\"" + binary + "\",\"user\":\"u1\"}"), 400, "user",
                "user is not a known field; allowed: context, covariates, experiment, unit");
    }

    @Test
    void wrongTypes() {
        problem(post("/reward", "{\"experiment\":\"" + binary + "\",\"arm\":\"a\",\"reward\":\"1\"}"), 400,
                "reward", "reward must be a number");
        problem(post("/select", "{\"experiment\":42}"), 400, "experiment", "experiment must be a string, was 42");
        problem(put(binary, "{\"arms\":\"a\",\"policy\":{\"type\":\"thompson\"}}"), 400, "arms",
                "arms must be an array");
        problem(put(binary, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"},\"sticky\":\"yes\"}"),
                400, "sticky", "sticky must be true or false");
        problem(post("/select", "[]"), 400, null, "request body must be a JSON object");
    }

    @Test
    void invalidIds() {
        problem(post("/select", "{\"experiment\":\"Home Page\"}"), 400, "experiment",
                "experiment must match [a-z0-9][a-z0-9._-]{0,63} (lower-case letters, digits, '.', '_', '-'; "
                        + "at most 64), was 'Home Page'");
        problem(put("Lever:x", definition("[\"a\",\"b\"]", "{\"type\":\"thompson\"}")), 400, "id",
                "id must match [a-z0-9][a-z0-9._-]{0,63} (lower-case letters, digits, '.', '_', '-'; "
                        + "at most 64), was 'Lever:x'");
        problem(put(freshId("x"), definition("[\"a\",\"B\"]", "{\"type\":\"thompson\"}")), 400, "arms[1]",
                "arms[1] must match [a-z0-9][a-z0-9._-]{0,63} (lower-case letters, digits, '.', '_', '-'; "
                        + "at most 64), was 'B'");
        problem(post("/select", "{\"experiment\":\"" + binary + "\",\"unit\":\"\"}"), 400, "unit",
                "unit must be 1 to 256 characters without control characters, was 0 characters");
    }

    @Test
    void invalidDefinitions() {
        String id = freshId("def");
        problem(put(id, definition("[\"a\"]", "{\"type\":\"thompson\"}")), 400, "arms",
                "arms must list 2 to 1000 arms, was 1");
        String tooMany = IntStream.range(0, 1001).mapToObj(i -> "\"a" + i + "\"")
                .collect(Collectors.joining(",", "[", "]"));
        problem(put(id, definition(tooMany, "{\"type\":\"thompson\"}")), 400, "arms",
                "arms must list 2 to 1000 arms, was 1001");
        problem(put(id, definition("[\"a\",\"a\"]", "{\"type\":\"thompson\"}")), 400, "arms[1]",
                "arm ids must be unique; 'a' appears twice");
        problem(put(id, "{\"arms\":[\"a\",\"b\"]}"), 400, "policy",
                "policy is required, e.g. {\"type\": \"thompson\"}; types: epsilon-greedy, ucb1, thompson, "
                        + "discounted-thompson, discounted-ucb, fixed-split, linucb, linear-thompson");
        problem(put(id, definition("[\"a\",\"b\"]", "{\"type\":\"softmax\"}")), 400, "policy.type",
                "policy.type must be one of epsilon-greedy, ucb1, thompson, discounted-thompson, discounted-ucb, "
                        + "fixed-split, linucb, linear-thompson, was 'softmax'");
        problem(put(id, definition("[\"a\",\"b\"]", "{\"type\":\"epsilon-greedy\",\"epsilon\":1.5}")), 400,
                "policy.epsilon", "policy.epsilon must be in [0, 1], was 1.5");
        problem(put(id, definition("[\"a\",\"b\"]", "{\"type\":\"ucb1\",\"epsilon\":0.1}")), 400,
                "policy.epsilon", "policy.epsilon is not a parameter of ucb1; allowed: c");
        problem(put(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"},\"reward\":\"revenue\"}"), 400,
                "reward", "reward must be 'binary' or 'continuous', was 'revenue'");
        problem(put(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"},\"rewardWindow\":\"forever\"}"),
                400, "rewardWindow", "rewardWindow must be a duration such as 90s, 30m, 24h, 7d or PT24H, "
                        + "was 'forever'");
        problem(put(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"},\"rewardWindow\":\"90d\"}"),
                400, "rewardWindow", "rewardWindow must be between 1s and 30d, was 90d");
        problem(put(id, definition("[{\"id\":\"a\",\"retired\":true},{\"id\":\"b\",\"retired\":true}]",
                "{\"type\":\"ucb1\"}")), 400, "arms", "at least one arm must be active (not retired)");
    }

    @Test
    void unknownExperiment() {
        String missing = freshId("missing");
        String detail = "no experiment '" + missing + "'; create it with PUT /experiments/" + missing;
        problem(post("/select", "{\"experiment\":\"" + missing + "\"}"), 404, null, detail);
        problem(given().get("/experiments/" + missing).then(), 404, null, detail);
        problem(given().delete("/experiments/" + missing).then(), 404, null, detail);
        problem(post("/reward", "{\"experiment\":\"" + missing + "\",\"arm\":\"a\",\"reward\":1}"), 404, null,
                detail);
    }

    @Test
    void conflictingChanges() {
        problem(put(binary, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"},"
                + "\"reward\":\"continuous\"}"), 409, "reward", "reward cannot change from binary to continuous "
                        + "on an existing experiment; create a new experiment instead");
        problem(put(binary, definition("[\"a\",\"c\"]", "{\"type\":\"thompson\"}")), 409, "arms",
                "arm 'b' cannot be removed from an existing experiment; retire it instead "
                        + "({\"id\": \"b\", \"retired\": true})");
    }

    @Test
    void oversizedBody() {
        String huge = "{\"experiment\":\"" + binary + "\",\"unit\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        problem(post("/select", huge), 413, null,
                "request body is larger than the limit of 1048576 bytes");
    }

    @Test
    void rewardsThatBreakTheExperimentsType() {
        String decision = post("/select", "{\"experiment\":\"" + binary + "\"}").extract().path("decisionId");
        problem(post("/reward", "{\"decisionId\":\"" + decision + "\",\"reward\":0.5}"), 422, "reward",
                "reward must be 0 or 1 for a binary experiment, was 0.5");
        problem(post("/reward", "{\"experiment\":\"" + continuous + "\",\"arm\":\"a\",\"reward\":1e400}"), 422,
                "reward", "reward must be a number in [-1e12, 1e12], was Infinity");
        // Bounded so that no sum of squares can overflow and break the experiment for everyone.
        problem(post("/reward", "{\"experiment\":\"" + continuous + "\",\"arm\":\"a\",\"reward\":1.3e154}"), 422,
                "reward", "reward must be a number in [-1e12, 1e12], was 1.3E154");
        // The refused reward did not use up the decision.
        post("/reward", "{\"decisionId\":\"" + decision + "\",\"reward\":1}").statusCode(200)
                .body("status", equalTo("accepted"));
    }

    @Test
    void malformedRewards() {
        problem(post("/reward", "{\"decisionId\":\"not-a-decision\",\"reward\":1}"), 400, "decisionId",
                "decisionId is not a decision id issued by this Lever deployment (malformed, altered, or signed "
                        + "with another secret)");
        String decision = post("/select", "{\"experiment\":\"" + binary + "\"}").extract().path("decisionId");
        char last = decision.charAt(decision.length() - 5);
        String altered = decision.substring(0, decision.length() - 5) + (last == 'A' ? 'B' : 'A')
                + decision.substring(decision.length() - 4);
        problem(post("/reward", "{\"decisionId\":\"" + altered + "\",\"reward\":1}"), 400, "decisionId",
                "decisionId is not a decision id issued by this Lever deployment (malformed, altered, or signed "
                        + "with another secret)");
        problem(post("/reward", "{\"decisionId\":\"" + decision + "\"}"), 400, "reward",
                "reward is required: a number (or metrics: values by metric id)");
        problem(post("/reward", "{\"reward\":1}"), 400, "decisionId",
                "decisionId is required (or experiment and arm to credit an arm directly)");
        problem(post("/reward", "{\"decisionId\":\"" + decision + "\",\"experiment\":\"" + binary
                + "\",\"reward\":1}"), 400, "experiment", "send either decisionId, or experiment and arm, not both");
        problem(post("/reward", "{\"experiment\":\"" + binary + "\",\"arm\":\"zz\",\"reward\":1}"), 400, "arm",
                "experiment '" + binary + "' has no arm 'zz'");
    }

    @Test
    void httpLevelMistakes() {
        problem(given().contentType(ContentType.TEXT).body("experiment=x").post("/select").then(), 415, null,
                "send the body as application/json");
        problem(given().get("/select").then(), 405, null, "GET is not allowed on /select");
        problem(given().get("/nowhere").then(), 404, null, "no resource at GET /nowhere");
    }
}
