package dev.lever.decision;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.post;
import static dev.lever.testing.Api.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lever.store.StateStore;
import dev.lever.store.StoredExperiment;
import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A retired arm gets no traffic: at once on the replica that retired it, and on every other replica once the
 * refresh interval ({@code lever.decision.stats-refresh}, 100 ms) has passed, however sparse the traffic.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class RetiredArmTest {

    /** With epsilon 1 every arm is chosen uniformly: 100 draws miss one of three with probability 7e-18. */
    private static final String UNIFORM = "{\"arms\":[\"a\",\"b\",\"c\"],\"policy\":{\"type\":\"epsilon-greedy\","
            + "\"epsilon\":1.0}}";
    private static final int SELECTS = 100;
    private static final Duration REFRESH = Duration.ofMillis(100);

    @Inject
    StateStore store;

    @Inject
    ObjectMapper json;

    @Test
    void noTrafficAfterTheRetireCallReturns() {
        String id = freshId("retire-here");
        create(id, UNIFORM);
        assertEquals(Set.of("a", "b", "c"), arms(id, SELECTS), "every arm served before");
        post("/experiments/" + id + "/arms/a/retire", "").statusCode(200);
        Set<String> after = arms(id, SELECTS);
        assertTrue(!after.contains("a"), "retired arm served: " + after);
    }

    @Test
    void noTrafficOneRefreshIntervalAfterAnotherReplicaRetiredIt() throws Exception {
        String id = freshId("retire-elsewhere");
        create(id, UNIFORM);
        assertEquals(Set.of("a", "b", "c"), arms(id, SELECTS), "every arm served before");
        // Another replica retires the arm: the stored definition changes, this replica is not told.
        StoredExperiment stored = store.find(id).await().atMost(Duration.ofSeconds(5)).orElseThrow();
        ObjectNode definition = (ObjectNode) json.readTree(stored.definition());
        ArrayNode arms = (ArrayNode) definition.get("arms");
        for (int i = 0; i < arms.size(); i++) {
            String arm = arms.get(i).isTextual() ? arms.get(i).asText() : arms.get(i).get("id").asText();
            if (arm.equals("a")) {
                arms.set(i, json.createObjectNode().put("id", "a").put("retired", true));
            }
        }
        assertTrue(store.save(id, json.writeValueAsString(definition), stored.version(), stored.epoch(), Set.of("a"), null)
                .await().atMost(Duration.ofSeconds(5)).isPresent());
        Thread.sleep(REFRESH.toMillis() + 20);
        // Sparse traffic: one select, then the rest.
        assertNotEquals("a", select(id, null).statusCode(200).extract().path("arm"));
        Set<String> after = arms(id, SELECTS);
        assertTrue(!after.contains("a"), "retired arm served: " + after);
    }

    private static Set<String> arms(String id, int selects) {
        Set<String> served = new HashSet<>();
        for (int i = 0; i < selects; i++) {
            served.add(select(id, null).statusCode(200).extract().path("arm"));
        }
        return served;
    }
}
