package dev.lever.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a {@code @QuarkusTest} at the tests' own Redis and makes Redis the state store. */
public class RedisServerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestRedis redis = TestRedis.get();
        return Map.of("quarkus.redis.hosts", redis.uri(), "lever.store.type", "redis");
    }

    @Override
    public void stop() {
        // The server is shared by every test of the JVM and stops when the JVM exits.
    }
}
