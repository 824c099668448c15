package dev.lever.experiment;

import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.get;
import static dev.lever.testing.Api.put;
import static dev.lever.testing.Api.select;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.lever.store.StateStore;
import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Definitions already in the store are served even when a request rule of this release would refuse them: they
 * were accepted when they were written, and a tightened rule must not break a running experiment.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class StoredDefinitionTest {

    @Inject
    StateStore store;

    private void store(String id, String definition) {
        store.save(id, definition, 0, "1", Set.of(), null).await().atMost(Duration.ofSeconds(10)).orElseThrow();
    }

    @Test
    void aDefinitionBreakingTodaysRequestRulesIsStillServed() {
        String id = freshId("stored-lenient");
        // A relative guardrail margin of 20 (requests allow up to 10), alpha 0.9 (requests allow up to 0.5), a
        // 90-day reward window (requests allow up to 30 days), and no metric form (an older definition).
        String definition = "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"fixed-split\","
                + "\"weights\":{\"a\":0.5,\"b\":0.5}},\"rewardWindow\":\"90d\",\"metrics\":["
                + "{\"id\":\"click\",\"type\":\"binary\",\"direction\":\"higher\"},"
                + "{\"id\":\"latency\",\"type\":\"continuous\",\"direction\":\"lower\",\"guardrail\":true,"
                + "\"margin\":20,\"marginType\":\"relative\"}],"
                + "\"plan\":{\"baseline\":0.1,\"minimumDetectableEffect\":0.2,\"alpha\":0.9}}";
        store(id, definition);

        get("/experiments/" + id).statusCode(200)
                .body("metrics[1].margin", equalTo(20.0))
                .body("metrics[1].form", equalTo("ratio"))
                .body("plan.alpha", equalTo(0.9))
                .body("rewardWindow", equalTo("90d"));
        get("/experiments").statusCode(200).body("id", hasItem(id));
        select(id, "user-1").statusCode(200);

        // The same definition as a request is still refused.
        put(id, definition).statusCode(400).body("field", equalTo("metrics[1].margin"))
                .body("detail", equalTo("metrics[1].margin must be in [0, 10] (a share of the control's value), "
                        + "was 20.0"));
    }

    @Test
    void aFixedSplitStoredWithAnEmptyWeightListSplitsEqually() {
        // What earlier releases stored for a fixed split without weights.
        String id = freshId("stored-empty-weights");
        store(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"fixed-split\",\"weights\":[]},"
                + "\"split\":\"request\"}");
        get("/experiments/" + id).statusCode(200)
                .body("policy.weights.a", closeTo(0.5, 1e-12))
                .body("stats[1].allocation", closeTo(0.5, 1e-12));
    }
}
