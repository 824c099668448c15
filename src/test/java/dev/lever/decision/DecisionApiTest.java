package dev.lever.decision;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.get;
import static dev.lever.testing.Api.given;
import static dev.lever.testing.Api.post;
import static dev.lever.testing.Api.reward;
import static dev.lever.testing.Api.select;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RedisServerResource.class)
class DecisionApiTest {

    @Test
    void selectAnswersAnArmWithItsPropensityAndASignedDecisionId() {
        String id = freshId("select");
        create(id, "{\"arms\":[\"model-a\",\"model-b\"],\"policy\":{\"type\":\"epsilon-greedy\",\"epsilon\":0.1}}");
        select(id, "user-42").statusCode(200)
                .contentType("application/json")
                .body("experiment", equalTo(id))
                .body("arm", oneOf("model-a", "model-b"))
                // No data yet: both arms tie for greedy, so each has (1 - 0.1) / 2 + 0.1 / 2 = 0.5.
                .body("propensity", closeTo(0.5, 1e-9))
                .body("policy", equalTo("epsilon-greedy"))
                .body("decisionId", matchesPattern("[A-Za-z0-9_-]{80,}"));
        get("/experiments/" + id).body("stats.pulls.sum()", equalTo(1));
    }

    @Test
    void aRewardIsCountedOnceAndCreditsTheChosenArm() {
        String id = freshId("reward");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"}}");
        ExtractableResponse<Response> decision = select(id, null).statusCode(200).extract();
        String arm = decision.path("arm");
        String decisionId = decision.path("decisionId");
        reward(decisionId, 1).statusCode(200)
                .body("status", equalTo("accepted"))
                .body("experiment", equalTo(id))
                .body("arm", equalTo(arm));
        reward(decisionId, 1).statusCode(200).body("status", equalTo("duplicate"));
        reward(decisionId, 0).statusCode(200).body("status", equalTo("duplicate"));
        int index = "a".equals(arm) ? 0 : 1;
        get("/experiments/" + id)
                .body("stats[" + index + "].pulls", equalTo(1))
                .body("stats[" + index + "].rewards", equalTo(1))
                .body("stats[" + index + "].rewardSum", equalTo(1.0))
                .body("stats[" + index + "].mean", equalTo(1.0))
                .body("stats.rewards.sum()", equalTo(1));
    }

    @Test
    void directRewardsCreditAnArmWithItsPull() {
        String id = freshId("direct");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"},\"reward\":\"continuous\"}");
        post("/reward", "{\"experiment\":\"" + id + "\",\"arm\":\"b\",\"reward\":12.5}").statusCode(200)
                .body("status", equalTo("accepted"));
        post("/reward", "{\"experiment\":\"" + id + "\",\"arm\":\"b\",\"reward\":-2.5}").statusCode(200);
        get("/experiments/" + id)
                .body("stats[1].pulls", equalTo(2))
                .body("stats[1].rewards", equalTo(2))
                .body("stats[1].mean", equalTo(5.0));
    }

    @Test
    void stickyUnitsKeepTheirFirstArm() {
        String id = freshId("sticky");
        create(id, "{\"arms\":[\"a\",\"b\",\"c\"],\"policy\":{\"type\":\"epsilon-greedy\",\"epsilon\":1.0},"
                + "\"sticky\":true}");
        for (int unit = 0; unit < 10; unit++) {
            String first = select(id, "user-" + unit).statusCode(200).extract().path("arm");
            for (int again = 0; again < 5; again++) {
                select(id, "user-" + unit).statusCode(200).body("arm", equalTo(first))
                        .body("propensity", closeTo(1.0 / 3, 1e-9));
            }
        }
        // Without a unit there is nothing to keep: the policy (uniform here) decides every time.
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            seen.add(select(id, null).extract().path("arm"));
        }
        assertEquals(Set.of("a", "b", "c"), seen);
    }

    @Test
    void aDecisionPastItsRewardWindowIsRefused() throws InterruptedException {
        String id = freshId("expired");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"},\"rewardWindow\":\"1s\"}");
        String decisionId = select(id, null).extract().path("decisionId");
        Thread.sleep(1_100);
        reward(decisionId, 1).statusCode(410)
                .contentType("application/problem+json")
                .body("field", equalTo("decisionId"))
                .body("detail", matchesPattern("decision expired \\d+ s ago: its reward window closed, so the "
                        + "reward was not counted"));
    }

    @Test
    void trafficShiftsTowardTheBetterArm() {
        String id = freshId("learn");
        create(id, "{\"arms\":[\"weak\",\"strong\"],\"policy\":{\"type\":\"thompson\"}}");
        // The strong arm converts every time, the weak one never: after some feedback Thompson sampling must
        // put nearly all traffic on the strong arm.
        for (int i = 0; i < 200; i++) {
            ExtractableResponse<Response> decision = select(id, null).extract();
            reward(decision.path("decisionId"), "strong".equals(decision.path("arm")) ? 1 : 0).statusCode(200);
        }
        get("/experiments/" + id)
                .body("stats[1].allocation", greaterThan(0.95))
                .body("stats[1].pulls", greaterThan(100));
    }
}
