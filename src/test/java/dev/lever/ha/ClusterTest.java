package dev.lever.ha;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.get;
import static dev.lever.testing.Api.reward;
import static dev.lever.testing.Api.select;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.testing.RedisNode;
import dev.lever.testing.RedisTopology;
import dev.lever.testing.RedisTopologyResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Redis Cluster of three masters: 24 experiments spread over all three, each selected and rewarded with exact counts,
 * listed (the list reads each experiment on its own node), and the whole API tour.
 */
@QuarkusTest
@EnabledIf(value = "dev.lever.testing.RedisNode#topologiesSupported",
        disabledReason = "redis-server cannot run a cluster (see RedisNode.unsupported)")
@WithTestResource(value = RedisTopologyResource.class, initArgs = {
    @ResourceArg(name = "topology", value = "cluster"),
    @ResourceArg(name = "masters", value = "3")})
class ClusterTest {

    private static final int EXPERIMENTS = 24;

    @Test
    void experimentsSpreadOverTheMastersAreCountedExactlyAndListed() {
        RedisTopology cluster = RedisTopologyResource.topology();
        List<String> ids = new ArrayList<>();
        Map<Integer, Integer> perNode = new HashMap<>();
        for (int i = 0; i < EXPERIMENTS; i++) {
            String id = "cluster-" + i;
            ids.add(id);
            create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"epsilon-greedy\"}}");
            RedisNode owner = cluster.ownerOf("lever:{" + id + "}:meta");
            perNode.merge(owner.port(), 1, Integer::sum);
        }
        assertEquals(3, perNode.size(), "the experiments live on all three masters: " + perNode);
        assertTrue(perNode.values().stream().allMatch(n -> n >= 3), "no master holds almost none: " + perNode);

        for (int i = 0; i < EXPERIMENTS; i++) {
            String id = ids.get(i);
            int selects = 5 + i;
            for (int s = 0; s < selects; s++) {
                String decision = select(id, null).statusCode(200).extract().path("decisionId");
                if (s % 2 == 0) {
                    reward(decision, 1).statusCode(200).body("status", equalTo("accepted"));
                    reward(decision, 1).statusCode(200).body("status", equalTo("duplicate"));
                }
            }
        }
        List<String> listed = get("/experiments").statusCode(200).extract().path("id");
        assertEquals(ids.stream().sorted().toList(), listed.stream().filter(ids::contains).toList(),
                "every experiment listed once, in id order");
        for (int i = 0; i < EXPERIMENTS; i++) {
            int selects = 5 + i;
            get("/experiments/" + ids.get(i)).statusCode(200)
                    .body("stats.pulls.sum()", equalTo(selects))
                    .body("stats.rewards.sum()", equalTo((selects + 1) / 2));
        }
    }

    @Test
    void everyEndpointWorksOnTheCluster() {
        ApiTour.walk(ApiTour.experiments("on-cluster"), 20);
    }
}
