package dev.lever.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts a {@link RedisTopology} for one {@code @QuarkusTest} class and points Lever at it. Arguments
 * ({@code @ResourceArg}): {@code topology} is {@code sentinel}, {@code cluster} or {@code replicated} (a master and
 * replicas, Lever connected to the master); {@code replicas} (sentinel and replicated, default 1) and {@code password}
 * (sentinel, default none); {@code masters} (cluster, default 3). Any argument whose name
 * contains a dot is passed on as a configuration property, e.g. {@code lever.store.replica-acks}.
 */
public class RedisTopologyResource implements QuarkusTestResourceLifecycleManager {

    private static volatile RedisTopology running;

    private Map<String, String> args = Map.of();
    private RedisTopology topology;

    /** The topology of the running test class. */
    public static RedisTopology topology() {
        return running;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        args = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        String kind = args.getOrDefault("topology", "sentinel");
        topology = switch (kind) {
            case "sentinel" -> RedisTopology.sentinel(Integer.parseInt(args.getOrDefault("replicas", "1")),
                    args.get("password"));
            case "cluster" -> RedisTopology.cluster(Integer.parseInt(args.getOrDefault("masters", "3")));
            case "replicated" -> RedisTopology.replicated(Integer.parseInt(args.getOrDefault("replicas", "1")));
            default -> throw new IllegalArgumentException("topology must be sentinel, cluster or replicated, was "
                    + kind);
        };
        running = topology;
        Map<String, String> config = new HashMap<>(topology.clientConfig());
        args.forEach((name, value) -> {
            if (name.contains(".")) {
                config.put(name, value);
            }
        });
        return config;
    }

    @Override
    public void stop() {
        running = null;
        if (topology != null) {
            topology.close();
        }
    }
}
