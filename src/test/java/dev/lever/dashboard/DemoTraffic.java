package dev.lever.dashboard;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Experiments with traffic, made through the API as an app would: a bandit whose arms convert at different rates,
 * and an A/B test with a clear winner. Seeded, so every run sees the same data.
 */
final class DemoTraffic {

    /** Three ranking models converting at 4%, 12% and 6%. */
    static final String BANDIT = "{\"arms\":[\"ranker-a\",\"ranker-b\",\"ranker-c\"],\"policy\":{\"type\":"
            + "\"thompson\"}}";
    static final Map<String, Double> BANDIT_RATES = Map.of("ranker-a", 0.04, "ranker-b", 0.12, "ranker-c", 0.06);

    /**
     * A 50/50 test of two models by user, planned to detect a doubling of a 10% conversion rate, with a latency
     * guardrail; model-b converts at 30%, model-a at 10%.
     */
    static final String AB_TEST = "{\"arms\":[\"model-a\",\"model-b\"],\"policy\":{\"type\":\"fixed-split\"},"
            + "\"split\":\"user\",\"metrics\":[{\"id\":\"conversion\",\"type\":\"binary\"},"
            + "{\"id\":\"latency_ms\",\"type\":\"continuous\",\"direction\":\"lower\",\"guardrail\":true,"
            + "\"margin\":0.05}],\"plan\":{\"baseline\":0.1,\"minimumDetectableEffect\":1.0}}";
    static final Map<String, Double> AB_RATES = Map.of("model-a", 0.10, "model-b", 0.30);

    private static final int RETRIES = 20;

    private final Supplier<RequestSpecification> admin;
    private final Random random = new Random(20260101);

    /** @param admin a request carrying a key that may create experiments, select and reward */
    DemoTraffic(Supplier<RequestSpecification> admin) {
        this.admin = admin;
    }

    void create(String id, String definition) {
        admin.get().contentType(ContentType.JSON).body(definition).put("/experiments/" + id).then().statusCode(200);
    }

    /** {@code requests} decisions of the bandit, each rewarded 1 or 0 at its arm's rate. */
    void bandit(String id, int requests) {
        create(id, BANDIT);
        for (int i = 0; i < requests; i++) {
            decide(id, null, BANDIT_RATES, false);
        }
    }

    /** {@code users} users of the A/B test, each with one decision rewarded with a conversion and a latency. */
    void abTest(String id, int users) {
        create(id, AB_TEST);
        for (int user = 0; user < users; user++) {
            decide(id, "user-" + user, AB_RATES, true);
        }
    }

    private void decide(String id, String unit, Map<String, Double> rates, boolean metrics) {
        String select = unit == null ? "{\"experiment\":\"" + id + "\"}"
                : "{\"experiment\":\"" + id + "\",\"unit\":\"" + unit + "\"}";
        var decision = admin.get().contentType(ContentType.JSON).body(select).post("/select").then().statusCode(200)
                .extract();
        int converted = random.nextDouble() < rates.get(decision.<String>path("arm")) ? 1 : 0;
        String reward = metrics
                ? "\"metrics\":{\"conversion\":" + converted + ",\"latency_ms\":" + (195 + random.nextInt(11)) + "}"
                : "\"reward\":" + converted;
        String body = "{\"decisionId\":\"" + decision.path("decisionId") + "\"," + reward + "}";
        // As an app would: a reward refused with 503 while the store is slow is sent again (a retried reward is
        // never counted twice), a bounded number of times.
        for (int attempt = 1; ; attempt++) {
            int status = admin.get().contentType(ContentType.JSON).body(body).post("/reward").statusCode();
            if (status == 200) {
                return;
            }
            if (status != 503 || attempt == RETRIES) {
                throw new AssertionError("reward answered " + status + " after " + attempt + " attempts");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
