package dev.lever.ha;

import dev.lever.testing.RedisTopologyResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The whole API on Redis behind Sentinel (a master, a replica, three sentinels), configured as a platform team would:
 * the sentinels' addresses, the master's name, and a password that every node and sentinel requires.
 */
@QuarkusTest
@EnabledIf(value = "dev.lever.testing.RedisNode#topologiesSupported",
        disabledReason = "redis-server cannot run sentinels (see RedisNode.unsupported)")
@WithTestResource(value = RedisTopologyResource.class, initArgs = {
    @ResourceArg(name = "topology", value = "sentinel"),
    @ResourceArg(name = "replicas", value = "1"),
    @ResourceArg(name = "password", value = "sentinel-test-password")})
class SentinelTest {

    @Test
    void everyEndpointWorksThroughTheSentinels() {
        ApiTour.walk(ApiTour.experiments("sentinel"), 30);
    }
}
