package dev.lever.ha;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.get;
import static dev.lever.testing.Api.put;
import static dev.lever.testing.Api.reward;
import static dev.lever.testing.Api.select;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.testing.RedisNode;
import dev.lever.testing.RedisTopologyResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@code lever.store.replica-acks=1} on a master with one replica: rewards and experiment changes are acknowledged
 * once the replica has them. With the replica frozen they answer 503 "not confirmed" within the ack timeout, stay
 * stored on the master, and once the replica is back the same reward sent again is a duplicate, not a second count.
 */
@QuarkusTest
@EnabledIf(value = "dev.lever.testing.RedisNode#topologiesSupported",
        disabledReason = "redis-server cannot run replicas (see RedisNode.unsupported)")
@WithTestResource(value = RedisTopologyResource.class, initArgs = {
    @ResourceArg(name = "topology", value = "replicated"),
    @ResourceArg(name = "replicas", value = "1"),
    @ResourceArg(name = "lever.store.replica-acks", value = "1"),
    @ResourceArg(name = "lever.store.replica-ack-timeout", value = "300ms")})
class ReplicaAcksTest {

    private static final Logger LOG = Logger.getLogger(ReplicaAcksTest.class);
    /** The ack timeout and the request-path timeout, plus the noise of a busy 2-core machine. */
    private static final long REFUSAL_BOUND_MILLIS = 2_000;

    @Test
    void rewardsWaitForTheReplicaAndAnUnconfirmedOneCountsOnceWhenSentAgain() {
        String id = "acks-reward";
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"}}");
        String confirmed = select(id, null).statusCode(200).extract().path("decisionId");
        reward(confirmed, 1).statusCode(200).body("status", equalTo("accepted"));

        RedisNode replica = RedisTopologyResource.topology().dataNodes().get(1);
        String unconfirmed = select(id, null).statusCode(200).extract().path("decisionId");
        replica.pause();
        try {
            long start = System.nanoTime();
            reward(unconfirmed, 1).statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "1")
                    .body("title", equalTo("Write not confirmed by replicas"))
                    .body("detail", containsString("0 of the 1 replicas"))
                    .body("detail", containsString("same decision id is safe"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            LOG.infof("An unconfirmed reward answered 503 after %d ms (replica-ack-timeout 300 ms)", millis);
            assertTrue(millis < REFUSAL_BOUND_MILLIS, "refused within the timeout, took " + millis + " ms");
            // The store answered: selects are not degraded by an unconfirmed write.
            select(id, null).statusCode(200).body("degraded", nullValue());
            get("/experiments/" + id).statusCode(200).body("stats.rewards.sum()", equalTo(2));
        } finally {
            replica.resume();
        }
        RedisTopologyResource.topology().awaitReplicasCaughtUp(Duration.ofSeconds(10));
        reward(unconfirmed, 1).statusCode(200).body("status", equalTo("duplicate"));
        get("/experiments/" + id).statusCode(200).body("stats.rewards.sum()", equalTo(2));
    }

    @Test
    void anUnconfirmedExperimentChangeIsStoredAndListed() {
        String id = "acks-change";
        RedisNode replica = RedisTopologyResource.topology().dataNodes().get(1);
        replica.pause();
        try {
            put(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"}}").statusCode(503)
                    .body("title", equalTo("Write not confirmed by replicas"))
                    .body("detail", containsString("read the experiment before changing it again"));
        } finally {
            replica.resume();
        }
        RedisTopologyResource.topology().awaitReplicasCaughtUp(Duration.ofSeconds(10));
        get("/experiments/" + id).statusCode(200).body("version", equalTo(1));
        get("/experiments").statusCode(200).body("id", hasItem(id));
        put(id, "{\"arms\":[\"a\",\"b\",\"c\"],\"policy\":{\"type\":\"thompson\"}}").statusCode(200)
                .body("version", equalTo(2));
    }
}
