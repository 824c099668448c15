package dev.lever.experiment;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.get;
import static dev.lever.testing.Api.post;
import static dev.lever.testing.Api.put;
import static dev.lever.testing.Api.select;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Discounted policies in the service: the store discounts in time, so an allocation follows an arm that swaps. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class DiscountedPolicyApiTest {

    private static void rewardDirectly(String id, String arm, int reward, int times) {
        for (int i = 0; i < times; i++) {
            post("/reward", "{\"experiment\":\"" + id + "\",\"arm\":\"" + arm + "\",\"reward\":" + reward + "}")
                    .statusCode(200);
        }
    }

    /** The same rewards to each experiment, interleaved so that they arrive at the same times. */
    private static void rewardBoth(String first, String second, int forA, int forB, int times) {
        for (int i = 0; i < times; i++) {
            for (String id : new String[] {first, second}) {
                rewardDirectly(id, "a", forA, 1);
                rewardDirectly(id, "b", forB, 1);
            }
        }
    }

    @Test
    void theAllocationFollowsAnArmThatSwapsFasterThanPlainThompson() throws InterruptedException {
        String discounted = freshId("discounted");
        String plain = freshId("plain");
        create(discounted, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"discounted-thompson\",\"halfLife\":\"1s\"}}");
        create(plain, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"}}");
        // Arm a wins, then, four half-lives later, arm b does.
        rewardBoth(discounted, plain, 1, 0, 50);
        Thread.sleep(4_000);
        rewardBoth(discounted, plain, 0, 1, 20);

        // Discounted, a's 50 successes weigh at most 50 / 16 against its 20 recent failures (worth 8 or more after
        // the few seconds they take to send), and b's the reverse: Beta(4.1, 9) against Beta(9, 4.1) puts b ahead
        // with probability about 0.98, more with faster requests. Plain, a leads 50/70 to 20/70.
        get("/experiments/" + discounted).statusCode(200)
                .body("policy.type", equalTo("discounted-thompson"))
                .body("policy.halfLife", equalTo("1s"))
                // b leads as long as any evidence is left; on a slow machine more of it has decayed by now, toward
                // an even split, so the bound is the one plain Thompson cannot reach.
                .body("stats[1].allocation", greaterThan(0.6))
                .body("stats[0].pulls", equalTo(70))
                .body("stats[0].rewardSum", equalTo(50.0))
                .body("stats[0].discounted.pulls", lessThan(23.2))
                .body("stats[0].discounted.rewardSum", lessThan(3.2))
                .body("stats[1].discounted.rewardSum", greaterThan(3.2));
        get("/experiments/" + plain).statusCode(200)
                .body("stats[1].allocation", lessThan(0.05))
                .body("stats[0]", not(hasKey("discounted")));

        // Decisions are drawn from the same discounted statistics (the replica's snapshot, refreshed every 100 ms).
        Thread.sleep(200);
        int toB = 0;
        for (int i = 0; i < 40; i++) {
            if ("b".equals(select(discounted, null).statusCode(200).extract().path("arm"))) {
                toB++;
            }
        }
        // Drawn from the discounted statistics, b is chosen with probability 0.5 or more (more than 0.9 right after
        // the rewards; toward 0.5 as all evidence decays on a slow machine): 10 or fewer of 40 then has probability
        // below 1e-3. From the plain statistics (b below 0.05) more than 10 would have probability below 1e-5.
        assertTrue(toB > 10, "the decisions follow b: " + toB + " of 40");
    }

    @Test
    void discountedUcbRunsOnContinuousRewardsAndAHalfLifeIsBounded() {
        String id = freshId("ducb");
        create(id, "{\"arms\":[\"a\",\"b\"],\"reward\":\"continuous\",\"policy\":{\"type\":\"discounted-ucb\","
                + "\"halfLife\":\"6h\",\"c\":0.5}}");
        post("/reward", "{\"experiment\":\"" + id + "\",\"arm\":\"a\",\"reward\":12.5}").statusCode(200);
        get("/experiments/" + id).statusCode(200)
                .body("policy.halfLife", equalTo("6h"))
                .body("stats[0].discounted.rewards", greaterThan(0.999))
                .body("stats[0].discounted.mean", greaterThan(12.49))
                .body("stats[1].discounted.pulls", equalTo(0.0));

        put(freshId("short"), "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"discounted-thompson\","
                + "\"halfLife\":\"0s\"}}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("policy.halfLife"))
                .body("detail", containsString("between 1s and 3650d"));
    }
}
