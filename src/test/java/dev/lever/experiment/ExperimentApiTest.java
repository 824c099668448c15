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
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RedisServerResource.class)
class ExperimentApiTest {

    @Test
    void createsAnExperimentWithDefaultsWrittenOut() {
        String id = freshId("create");
        put(id, "{\"arms\":[\"model-a\",\"model-b\"],\"policy\":{\"type\":\"epsilon-greedy\",\"epsilon\":0.2}}")
                .statusCode(200)
                .contentType("application/json")
                .body("id", equalTo(id))
                .body("arms[0].id", equalTo("model-a"))
                .body("arms[1].retired", equalTo(false))
                .body("policy.type", equalTo("epsilon-greedy"))
                .body("policy.epsilon", equalTo(0.2))
                .body("policy.decay", equalTo(false))
                .body("reward", equalTo("binary"))
                .body("rewardWindow", equalTo("1d"))
                .body("sticky", equalTo(false))
                .body("version", equalTo(1))
                .body("stats.size()", equalTo(2))
                .body("stats[0].pulls", equalTo(0))
                .body("stats[0].allocation", closeTo(0.5, 1e-9));

        get("/experiments/" + id).statusCode(200).body("policy.epsilon", equalTo(0.2));
        get("/experiments").statusCode(200).body("id", hasItem(id));
    }

    @Test
    void replacingKeepsTheStatistics() {
        String id = freshId("replace");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"}}");
        select(id, null).statusCode(200);
        put(id, "{\"arms\":[\"a\",\"b\",\"c\"],\"policy\":{\"type\":\"thompson\"},\"rewardWindow\":\"2h\"}")
                .statusCode(200)
                .body("version", equalTo(2))
                .body("policy.type", equalTo("thompson"))
                .body("rewardWindow", equalTo("2h"))
                .body("stats.pulls.sum()", equalTo(1));
    }

    @Test
    void armsCanBeAddedAndRetired() {
        String id = freshId("arms");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"epsilon-greedy\",\"epsilon\":1.0}}");
        post("/experiments/" + id + "/arms", "{\"id\":\"c\"}").statusCode(200)
                .body("arms.id", equalTo(java.util.List.of("a", "b", "c")));
        given().post("/experiments/" + id + "/arms/a/retire").then().statusCode(200)
                .body("arms[0].retired", equalTo(true))
                .body("stats[0].allocation", equalTo(0.0));
        for (int i = 0; i < 60; i++) {
            select(id, null).statusCode(200).body("arm", not(equalTo("a")));
        }
        post("/experiments/" + id + "/arms", "{\"id\":\"c\"}").statusCode(409)
                .body("detail", equalTo("experiment '" + id + "' already has an arm 'c'"));
        given().post("/experiments/" + id + "/arms/zzz/retire").then().statusCode(404);
    }

    @Test
    void deletingRemovesTheExperimentAndItsDecisions() {
        String id = freshId("delete");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"}}");
        String decision = select(id, null).statusCode(200).extract().path("decisionId");
        given().delete("/experiments/" + id).then().statusCode(204);
        get("/experiments/" + id).statusCode(404).contentType("application/problem+json");
        given().delete("/experiments/" + id).then().statusCode(404);
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"}}");
        dev.lever.testing.Api.reward(decision, 1).statusCode(410)
                .body("detail", equalTo("experiment '" + id + "' was deleted or recreated after this decision "
                        + "was made, so its reward cannot be counted"));
        get("/experiments/" + id).body("stats.rewards.sum()", equalTo(0));
    }

    @Test
    void aBanditShowsEachArmsProbabilityOfBeingBestAndTheTrafficElsewhere() {
        String id = freshId("best");
        create(id, "{\"arms\":[\"a\",\"b\",\"c\"],\"policy\":{\"type\":\"ucb1\"}}");
        // Direct rewards count a pull each: a converts 1 of 10, b 8 of 10, c 3 of 10.
        for (int i = 0; i < 10; i++) {
            directReward(id, "a", i < 1 ? 1 : 0);
            directReward(id, "b", i < 8 ? 1 : 0);
            directReward(id, "c", i < 3 ? 1 : 0);
        }
        get("/experiments/" + id).statusCode(200)
                .body("stats[1].probabilityBest", greaterThan(0.95))
                .body("stats.probabilityBest.sum()", closeTo(1.0, 1e-9))
                .body("leader.arm", equalTo("b"))
                .body("leader.pullsToOtherArms", equalTo(20))
                .body("leader.shareToOtherArms", closeTo(2.0 / 3, 1e-12))
                .body("leader.draws", equalTo(20000));

        given().post("/experiments/" + id + "/arms/b/retire").then().statusCode(200)
                .body("stats[1]", not(hasKey("probabilityBest")))
                .body("stats.findAll { !it.retired }.probabilityBest.sum()", closeTo(1.0, 1e-9))
                .body("leader.arm", equalTo("c"))
                .body("leader.pullsToOtherArms", equalTo(20))
                .body("leader.shareToOtherArms", closeTo(2.0 / 3, 1e-12));
    }

    @Test
    void noProbabilityOfBeingBestForATestOrForContinuousArmsWithoutTwoRewards() {
        String ab = freshId("best-ab");
        create(ab, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"fixed-split\"}}");
        get("/experiments/" + ab).statusCode(200)
                .body("stats[0]", not(hasKey("probabilityBest")))
                .body("$", not(hasKey("leader")));

        String continuous = freshId("best-continuous");
        create(continuous, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"},\"reward\":\"continuous\"}");
        directReward(continuous, "a", 3.0);
        directReward(continuous, "a", 5.0);
        directReward(continuous, "b", 4.0);
        get("/experiments/" + continuous).statusCode(200).body("$", not(hasKey("leader")));
        directReward(continuous, "b", 9.0);
        get("/experiments/" + continuous).statusCode(200)
                .body("leader.arm", equalTo("b"))
                .body("stats.probabilityBest.sum()", closeTo(1.0, 1e-9));
    }

    private static void directReward(String id, String arm, double reward) {
        post("/reward", "{\"experiment\":\"" + id + "\",\"arm\":\"" + arm + "\",\"reward\":" + reward + "}")
                .statusCode(200);
    }
}
