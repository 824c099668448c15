package dev.lever.decision;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.get;
import static dev.lever.testing.Api.post;
import static dev.lever.testing.Api.put;
import static dev.lever.testing.Api.reward;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Contextual policies through the API: contexts on /select, their features carried to /reward, and the errors. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class ContextualApiTest {

    private static final String[] ARMS = {"ranker-a", "ranker-b", "ranker-c"};
    /** Click probability by segment and arm: ranker-a is best on mobile, ranker-b on desktop. */
    private static final Map<String, double[]> CLICK = Map.of("mobile", new double[] {0.8, 0.2, 0.3},
            "desktop", new double[] {0.2, 0.8, 0.3});

    private static String definition(String policy) {
        return "{\"arms\":[\"ranker-a\",\"ranker-b\",\"ranker-c\"],\"policy\":" + policy
                + ",\"features\":{\"dimension\":32}}";
    }

    private static ValidatableResponse select(String id, String context) {
        return post("/select", "{\"experiment\":\"" + id + "\",\"context\":" + context + "}");
    }

    @Test
    void eachSegmentEndsUpOnItsBestArm() {
        String id = freshId("ctx");
        // alpha 1, the default: with 0.5 a few unlucky early rewards can leave a segment's best arm with a bound below
        // a worse arm's for good (its bound shrinks only with its own decisions), as the simulator's two-segments
        // runs showed, and then this test fails one run in three.
        create(id, definition("{\"type\":\"linucb\",\"alpha\":1.0}"));
        Random random = new Random(20261129);
        int decisions = 600;
        int late = decisions - 200;
        int[] lateBest = new int[2];
        int[] lateTotal = new int[2];
        for (int t = 0; t < decisions; t++) {
            int segment = random.nextInt(2);
            String device = segment == 0 ? "mobile" : "desktop";
            ExtractableResponse<Response> decision = select(id, "{\"device\":\"" + device + "\",\"country\":\""
                    + (random.nextBoolean() ? "de" : "fr") + "\"}").statusCode(200).extract();
            String arm = decision.path("arm");
            // LinUCB is deterministic but for ties, which it splits evenly: 1 or 1/k for k tied arms.
            double propensity = ((Number) decision.path("propensity")).doubleValue();
            assertTrue(Math.abs(1 / propensity - Math.rint(1 / propensity)) < 1e-6, "propensity " + propensity);
            int chosen = java.util.Arrays.asList(ARMS).indexOf(arm);
            if (t >= late) {
                lateTotal[segment]++;
                lateBest[segment] += chosen == segment ? 1 : 0;
            }
            int click = random.nextDouble() < CLICK.get(device)[chosen] ? 1 : 0;
            rewardUntilStored(decision.path("decisionId"), click);
        }
        // A context-free policy cannot serve both segments their best arm more than half the time together (its
        // shares of ranker-a and ranker-b add up to at most 1); a contextual one learns both.
        for (int segment = 0; segment < 2; segment++) {
            double share = (double) lateBest[segment] / lateTotal[segment];
            assertTrue(share >= 0.8, (segment == 0 ? "mobile" : "desktop") + " got its best arm in " + share
                    + " of its last decisions");
        }
        // Every reward counts once, retried or not. (Pulls are not checked here: a selection answered degraded while
        // the loaded machine's Redis misses its deadline is counted when the replica flushes it.)
        get("/experiments/" + id).body("features.dimension", equalTo(32))
                .body("stats.rewards.sum()", equalTo(decisions));
    }

    /**
     * Sends a reward until it is stored, as a client does: on a loaded machine the test's Redis may miss the store's
     * deadline and the reward answers 503; sending it again is safe, it counts once.
     */
    private static void rewardUntilStored(String decisionId, int click) {
        for (int attempt = 1; ; attempt++) {
            ValidatableResponse answer = reward(decisionId, click);
            if (answer.extract().statusCode() != 503 || attempt == 5) {
                answer.statusCode(200).body("status", oneOf("accepted", "duplicate"));
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void linearThompsonAnswersThePropensityOfItsAllocationForTheContext() {
        String id = freshId("ctx-ts");
        create(id, definition("{\"type\":\"linear-thompson\",\"v\":0.5}"));
        // Without data the three arms' scores are identically distributed: each has probability close to 1/3.
        Number propensity = select(id, "{\"device\":\"mobile\"}").statusCode(200)
                .body("policy", equalTo("linear-thompson")).extract().path("propensity");
        assertTrue(Math.abs(propensity.doubleValue() - 1.0 / 3) < 0.08, "propensity " + propensity);
        // No context is the empty context: the bias alone.
        post("/select", "{\"experiment\":\"" + id + "\"}").statusCode(200);
    }

    @Test
    void badContextsAreRefusedNamingTheFeatureAndChangeNothing() {
        String id = freshId("ctx-bad");
        create(id, definition("{\"type\":\"linucb\"}"));
        select(id, "{\"device\":[\"mobile\"]}").statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("context.device"))
                .body("detail", containsString("must be a string, a number, a boolean or null, was a list"));
        select(id, "{\"tags\":{\"a\":1}}").statusCode(400).body("field", equalTo("context.tags"))
                .body("detail", containsString("was an object"));
        select(id, "{\"\":1}").statusCode(400).body("field", equalTo("context."));
        select(id, "{\"note\":\"" + "x".repeat(257) + "\"}").statusCode(400)
                .body("field", equalTo("context.note"));
        select(id, "[1,2]").statusCode(400);
        get("/experiments/" + id).body("stats.pulls.sum()", equalTo(0));

        String plain = freshId("ctx-plain");
        create(plain, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"}}");
        select(plain, "{\"device\":\"mobile\"}").statusCode(400).body("field", equalTo("context"))
                .body("detail", containsString("uses thompson, which takes no context"));
        get("/experiments/" + plain).body("stats.pulls.sum()", equalTo(0));
    }

    @Test
    void definitionsNeedADimensionWithAContextualPolicyOnly() {
        put(freshId("ctx-def"), "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"linucb\"}}").statusCode(400)
                .body("field", equalTo("features.dimension"));
        put(freshId("ctx-def"), "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"linucb\"},\"features\":"
                + "{\"dimension\":100}}").statusCode(400).body("field", equalTo("features.dimension"))
                .body("detail", containsString("must be in [2, 64], was 100"));
        put(freshId("ctx-def"), "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"},\"features\":"
                + "{\"dimension\":32}}").statusCode(400).body("field", equalTo("features"));
        String id = freshId("ctx-def");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"linucb\"},\"features\":{\"dimension\":16}}");
        put(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"linucb\"},\"features\":{\"dimension\":32}}")
                .statusCode(409).body("field", equalTo("features.dimension"));
    }

    private static final String[] TOPICS = {"sports", "tech", "culture"};

    private static String sharedDefinition(String arms) {
        return "{\"arms\":" + arms + ",\"policy\":{\"type\":\"linucb\",\"alpha\":0.5},"
                + "\"features\":{\"dimension\":32,\"model\":\"shared\"}}";
    }

    private static String topicArms() {
        return "[{\"id\":\"story-1\",\"features\":{\"topic\":\"sports\",\"length\":0.4}},"
                + "{\"id\":\"story-2\",\"features\":{\"topic\":\"tech\",\"length\":0.4}},"
                + "{\"id\":\"story-3\",\"features\":{\"topic\":\"culture\",\"length\":0.4}}]";
    }

    @Test
    void aSharedModelLearnsFromTheArmsAttributesOverHttp() {
        // Readers click a story of their interest's topic with probability 0.8, any other with 0.1: the one shared
        // model learns the products of interest and topic, and each interest ends up on its topic's story.
        String id = freshId("ctx-shared");
        create(id, sharedDefinition(topicArms()));
        get("/experiments/" + id).body("features.model", equalTo("shared"))
                .body("arms[0].features.topic", equalTo("sports"));
        Random random = new Random(20261130);
        int decisions = 450;
        int late = decisions - 150;
        int lateBest = 0;
        for (int t = 0; t < decisions; t++) {
            int interest = random.nextInt(3);
            ExtractableResponse<Response> decision = select(id, "{\"interest\":\"" + TOPICS[interest] + "\"}")
                    .statusCode(200).extract();
            int chosen = Integer.parseInt(decision.<String>path("arm").substring(6)) - 1;
            lateBest += t >= late && chosen == interest ? 1 : 0;
            rewardUntilStored(decision.path("decisionId"), random.nextDouble() < (chosen == interest ? 0.8 : 0.1)
                    ? 1 : 0);
        }
        assertTrue(lateBest >= 0.8 * (decisions - late), lateBest + " of the last " + (decisions - late)
                + " decisions went to the reader's topic");
        get("/experiments/" + id).body("stats.rewards.sum()", equalTo(decisions));
    }

    @Test
    void armFeaturesAreCheckedAndFixedOnceSet() {
        put(freshId("ctx-arm"), "{\"arms\":[{\"id\":\"a\",\"features\":{\"tags\":[\"x\"]}},\"b\"],"
                + "\"policy\":{\"type\":\"linucb\"},\"features\":{\"dimension\":32,\"model\":\"shared\"}}")
                .statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("arms[0].features.tags")).body("detail", containsString("was a list"));
        put(freshId("ctx-arm"), "{\"arms\":[\"a\",{\"id\":\"b\",\"features\":{\"topic\":\"x\"}}],"
                + "\"policy\":{\"type\":\"linucb\"},\"features\":{\"dimension\":32}}")
                .statusCode(400).body("field", equalTo("arms[1].features"))
                .body("detail", containsString("\"model\": \"shared\""));
        put(freshId("ctx-arm"), "{\"arms\":[\"a\",{\"id\":\"b\",\"features\":{\"topic\":\"x\"}}],"
                + "\"policy\":{\"type\":\"thompson\"}}").statusCode(400).body("field", equalTo("arms[1].features"));
        put(freshId("ctx-arm"), "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"linucb\"},"
                + "\"features\":{\"dimension\":32,\"model\":\"hybrid\"}}").statusCode(400)
                .body("field", equalTo("features.model"));
        String id = freshId("ctx-arm");
        create(id, sharedDefinition(topicArms()));
        put(id, sharedDefinition(topicArms().replace("\"length\":0.4}},{\"id\":\"story-2\"",
                "\"length\":0.9}},{\"id\":\"story-2\""))).statusCode(409)
                .body("field", equalTo("arms[0].features"));
        put(id, "{\"arms\":[\"story-1\",\"story-2\",\"story-3\"],\"policy\":{\"type\":\"linucb\"},"
                + "\"features\":{\"dimension\":32}}").statusCode(409).body("field", equalTo("features.model"));
        // A new arm with its attributes may join; the others keep theirs.
        put(id, sharedDefinition(topicArms().replace("]", ",{\"id\":\"story-4\",\"features\":"
                + "{\"topic\":\"tech\",\"length\":0.2}}]"))).statusCode(200)
                .body("arms[3].features.length", equalTo(0.2));
        select(id, "{\"interest\":\"tech\"}").statusCode(200);
        // POST .../arms takes the attributes too, checked by the same rules; a refused arm is not added.
        post("/experiments/" + id + "/arms", "{\"id\":\"story-5\",\"features\":{\"topic\":[\"tech\"]}}")
                .statusCode(400).contentType("application/problem+json").body("field", equalTo("features.topic"));
        post("/experiments/" + id + "/arms", "{\"id\":\"story-5\",\"features\":{\"topic\":\"tech\"}}")
                .statusCode(200).body("arms.size()", equalTo(5)).body("arms[4].features.topic", equalTo("tech"));
        String disjoint = freshId("ctx-arm");
        create(disjoint,
                "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"linucb\"},\"features\":{\"dimension\":32}}");
        post("/experiments/" + disjoint + "/arms", "{\"id\":\"c\",\"features\":{\"topic\":\"tech\"}}")
                .statusCode(400).body("field", equalTo("features"))
                .body("detail", containsString("\"model\": \"shared\""));
        get("/experiments/" + disjoint).body("arms.size()", equalTo(2));
    }
}
