package dev.lever.analysis;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.get;
import static dev.lever.testing.Api.post;
import static dev.lever.testing.Api.select;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RedisServerResource.class)
class AnalysisApiTest {

    @Test
    void anABTestIsServedRewardedAndAnalysed() {
        String id = freshId("ab-analysis");
        create(id, "{\"arms\":[\"model-a\",\"model-b\"],"
                + "\"policy\":{\"type\":\"fixed-split\",\"weights\":{\"model-a\":0.5,\"model-b\":0.5}},"
                + "\"metrics\":[{\"id\":\"click\",\"type\":\"binary\"},"
                + "{\"id\":\"latency_ms\",\"type\":\"continuous\",\"direction\":\"lower\",\"guardrail\":true,"
                + "\"margin\":0.05}],"
                + "\"plan\":{\"baseline\":0.1,\"minimumDetectableEffect\":0.5}}");
        for (int user = 0; user < 60; user++) {
            String decision = select(id, "user-" + user).statusCode(200).extract().path("decisionId");
            post("/reward", "{\"decisionId\":\"" + decision + "\",\"metrics\":{\"click\":" + (user % 5 == 0 ? 1 : 0)
                    + ",\"latency_ms\":" + (200 + user % 7) + "}}").statusCode(200);
        }
        get("/experiments/" + id + "/analysis").statusCode(200)
                .body("test", equalTo("fixed-horizon"))
                .body("alpha", equalTo(0.05))
                .body("control", equalTo("model-a"))
                .body("units.values().sum()", equalTo(60))
                .body("plannedUnitsPerArm", notNullValue())
                .body("sampleRatio.mismatch", equalTo(false))
                .body("metrics.metric", equalTo(List.of("click", "latency_ms")))
                .body("metrics[0].role", equalTo("primary"))
                .body("metrics[1].role", equalTo("guardrail"))
                .body("metrics[0].comparisons[0].challenger", equalTo("model-b"))
                .body("metrics[0].comparisons[0].pValueValid", equalTo(false))
                .body("verdict.decision", equalTo("keep-running"))
                .body("verdict.unitsStillNeeded", notNullValue());
    }

    @Test
    void aReturningUserIsOneUnitAndCovariatesGetACupedResult() {
        String id = freshId("returning");
        create(id, "{\"arms\":[\"model-a\",\"model-b\"],\"policy\":{\"type\":\"fixed-split\"},"
                + "\"metrics\":[{\"id\":\"revenue\",\"type\":\"continuous\",\"form\":\"per-unit\"}]}");
        post("/experiments/" + id + "/covariates", "{\"units\":[{\"unit\":\"user-0\",\"values\":{\"revenue\":4}},"
                + "{\"unit\":\"user-1\",\"values\":{\"revenue\":8}}]}").statusCode(200)
                .body("units", equalTo(2));
        for (int user = 0; user < 40; user++) {
            for (int visit = 0; visit < 3; visit++) {
                String body = "{\"experiment\":\"" + id + "\",\"unit\":\"user-" + user
                        + "\",\"covariates\":{\"revenue\":" + (user % 10) + "}}";
                String decision = post("/select", body).statusCode(200).extract().path("decisionId");
                if (visit == 0) {
                    post("/reward", "{\"decisionId\":\"" + decision + "\",\"metrics\":{\"revenue\":"
                            + (user % 10 + visit) + "}}").statusCode(200);
                }
            }
        }
        get("/experiments/" + id + "/analysis").statusCode(200)
                .body("unit", equalTo("user"))
                .body("units.values().sum()", equalTo(40))
                .body("decisions.values().sum()", equalTo(120))
                .body("metrics[0].form", equalTo("per-unit"))
                .body("metrics[0].cuped.varianceReduction", notNullValue())
                .body("metrics[0].comparisons[0].cuped.pValue", notNullValue());
    }

    @Test
    void covariatesAreCheckedBeforeAnythingIsRecorded() {
        String id = freshId("covariates");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"fixed-split\"},"
                + "\"metrics\":[{\"id\":\"revenue\",\"type\":\"continuous\"}]}");
        post("/experiments/" + id + "/covariates", "{\"units\":[{\"unit\":\"u1\",\"values\":{\"revenue\":1}},"
                + "{\"unit\":\"u2\",\"values\":{\"clicks\":1}}]}").statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("units[1].covariates.clicks"));
        post("/select", "{\"experiment\":\"" + id + "\",\"unit\":\"u1\",\"covariates\":{\"revenue\":1e13}}")
                .statusCode(400).body("field", equalTo("covariates.revenue"));
        post("/select", "{\"experiment\":\"" + id + "\",\"covariates\":{\"revenue\":1}}")
                .statusCode(400).body("field", equalTo("covariates"));
        String bandit = freshId("covariates-bandit");
        create(bandit, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"}}");
        post("/select", "{\"experiment\":\"" + bandit + "\",\"unit\":\"u1\",\"covariates\":{\"reward\":1}}")
                .statusCode(400).body("field", equalTo("covariates"));
        post("/experiments/" + bandit + "/covariates", "{\"units\":[{\"unit\":\"u1\",\"values\":{\"reward\":1}}]}")
                .statusCode(409);
        get("/experiments/" + id + "/analysis").statusCode(200).body("units.values().sum()", equalTo(0));
    }

    @Test
    void banditsHaveNoABAnalysis() {
        String id = freshId("bandit-analysis");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"}}");
        get("/experiments/" + id + "/analysis").statusCode(409).contentType("application/problem+json");
        get("/experiments/" + freshId("nothing") + "/analysis").statusCode(404);
    }

    @Test
    void sampleSizeForARate() {
        // Baseline 10%, +20% relative (to 12%), alpha 0.05, power 0.8, 50/50: 3,839 per arm.
        post("/sample-size", "{\"baseline\":0.10,\"minimumDetectableEffect\":0.2}").statusCode(200)
                .body("controlUnits", equalTo(3839))
                .body("challengerUnits", equalTo(3839))
                .body("sequentialControlUnits", org.hamcrest.Matchers.greaterThan(3839))
                .body("totalUnits", equalTo(7678))
                .body("absoluteEffect", equalTo(0.020000000000000004));
        post("/sample-size", "{\"type\":\"continuous\",\"baseline\":100,\"standardDeviation\":15,"
                + "\"minimumDetectableEffect\":3,\"effect\":\"absolute\",\"ratio\":2}").statusCode(200)
                .body("controlUnits", equalTo(295))
                .body("challengerUnits", equalTo(589));
    }

    @Test
    void badPlansNameTheField() {
        post("/sample-size", "{\"baseline\":0.1,\"minimumDetectableEffect\":0.2,\"alpha\":0.7}").statusCode(400)
                .body("field", equalTo("alpha")).body("detail", equalTo("alpha must be in (0, 0.5], was 0.7"));
        post("/sample-size", "{\"baseline\":0.1,\"minimumDetectableEffect\":0.2,\"power\":1}").statusCode(400)
                .body("field", equalTo("power"));
        post("/sample-size", "{\"baseline\":1.5,\"minimumDetectableEffect\":0.2}").statusCode(400)
                .body("field", equalTo("baseline"));
        post("/sample-size", "{\"baseline\":0.1}").statusCode(400)
                .body("field", equalTo("minimumDetectableEffect"));
        post("/sample-size", "{\"baseline\":0.1,\"minimumDetectableEffect\":0.2,\"ratio\":-1}").statusCode(400)
                .body("field", equalTo("ratio"));
        String id = freshId("bad-plan");
        dev.lever.testing.Api.put(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"fixed-split\"},"
                + "\"plan\":{\"baseline\":0.1,\"minimumDetectableEffect\":0.2,\"alpha\":0}}").statusCode(400)
                .body("field", equalTo("plan.alpha"));
        dev.lever.testing.Api.put(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"},"
                + "\"plan\":{\"baseline\":0.1,\"minimumDetectableEffect\":0.2}}").statusCode(400)
                .body("field", equalTo("plan"));
    }
}
