package dev.lever.testing;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Redis topologies started by the tests themselves from {@code redis-server} processes on free loopback ports: a
 * master with replicas watched by three sentinels, or a cluster of masters. Each process has its own temporary
 * directory, removed by {@link #close()}. No redis-cli is needed: the harness speaks to the nodes with the Vert.x
 * client Lever itself uses, through its plain (not Mutiny) API: Mutiny's blocking wait would go through the context
 * propagation of whichever Quarkus application ran last in this JVM, and that may have stopped already.
 */
public final class RedisTopology implements AutoCloseable {

    /** The name the sentinels monitor the master under. */
    public static final String MASTER_NAME = "lever";
    private static final int CLUSTER_SLOTS = 16_384;
    private static final Duration CALL = Duration.ofSeconds(10);

    private final Vertx vertx = Vertx.vertx();
    private final Map<Integer, Redis> clients = new ConcurrentHashMap<>();
    private final List<RedisNode> dataNodes = new ArrayList<>();
    private final List<RedisNode> sentinels = new ArrayList<>();
    private final String password;
    private boolean cluster;

    private RedisTopology(String password) {
        this.password = password;
    }

    /**
     * A master with {@code replicas} replicas and no sentinel: Lever connects to the master alone. Returns once every
     * replica is in sync.
     */
    public static RedisTopology replicated(int replicas) {
        RedisTopology topology = new RedisTopology(null);
        try {
            topology.startReplicated(replicas);
            return topology;
        } catch (RuntimeException e) {
            topology.close();
            throw e;
        }
    }

    /**
     * A master with {@code replicas} replicas and three sentinels (quorum 2) that consider a master down after 1 s
     * without an answer, all of them requiring {@code password} when it is not {@code null}. Returns once every
     * replica is in sync and every sentinel knows the replicas and the two other sentinels, so that a failover can
     * be elected at once.
     */
    public static RedisTopology sentinel(int replicas, String password) {
        RedisTopology topology = new RedisTopology(password);
        try {
            RedisNode master = topology.startReplicated(replicas);
            StringBuilder config = new StringBuilder()
                    .append("sentinel monitor ").append(MASTER_NAME).append(" 127.0.0.1 ").append(master.port())
                    .append(" 2\n")
                    .append("sentinel down-after-milliseconds ").append(MASTER_NAME).append(" 1000\n")
                    .append("sentinel failover-timeout ").append(MASTER_NAME).append(" 5000\n")
                    .append("sentinel parallel-syncs ").append(MASTER_NAME).append(" 1\n");
            if (password != null) {
                config.append("requirepass ").append(password).append('\n')
                        .append("sentinel auth-pass ").append(MASTER_NAME).append(' ').append(password).append('\n')
                        .append("sentinel sentinel-pass ").append(password).append('\n');
            }
            for (int i = 0; i < 3; i++) {
                topology.sentinels.add(RedisNode.start(config.toString(), List.of("--sentinel")));
            }
            for (RedisNode sentinel : topology.sentinels) {
                topology.await("sentinel on " + sentinel.port() + " knows the replicas and the other sentinels",
                        Duration.ofSeconds(30),
                        () -> topology.call(sentinel, "SENTINEL", "REPLICAS", MASTER_NAME).size() == replicas
                                && topology.call(sentinel, "SENTINEL", "SENTINELS", MASTER_NAME).size() == 2);
            }
            return topology;
        } catch (RuntimeException e) {
            topology.close();
            throw e;
        }
    }

    /** Starts a master and its replicas (with this topology's password) and waits until every replica is in sync. */
    private RedisNode startReplicated(int replicas) {
        List<String> data = new ArrayList<>(List.of("--save", "", "--appendonly", "no", "--repl-diskless-sync-delay",
                "0"));
        if (password != null) {
            data.addAll(List.of("--requirepass", password, "--masterauth", password));
        }
        RedisNode master = RedisNode.start(null, data);
        dataNodes.add(master);
        for (int i = 0; i < replicas; i++) {
            List<String> replica = new ArrayList<>(data);
            replica.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
            dataNodes.add(RedisNode.start(null, replica));
        }
        await("replicas in sync with the master", Duration.ofSeconds(20),
                () -> call(master, "INFO", "replication").toString().split("state=online").length - 1 == replicas);
        return master;
    }

    /** A cluster of {@code masters} masters sharing the 16,384 slots evenly; returns once it is {@code ok}. */
    public static RedisTopology cluster(int masters) {
        RedisTopology topology = new RedisTopology(null);
        topology.cluster = true;
        try {
            List<Integer> busPorts = new ArrayList<>();
            for (int i = 0; i < masters; i++) {
                int busPort = RedisNode.freePort();
                busPorts.add(busPort);
                topology.dataNodes.add(RedisNode.start(null, List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000", "--cluster-port",
                        Integer.toString(busPort), "--save", "", "--appendonly", "no")));
            }
            for (int i = 0; i < masters; i++) {
                int first = i * CLUSTER_SLOTS / masters;
                int last = (i + 1) * CLUSTER_SLOTS / masters - 1;
                topology.call(topology.dataNodes.get(i), "CLUSTER", "ADDSLOTSRANGE", Integer.toString(first),
                        Integer.toString(last));
            }
            RedisNode first = topology.dataNodes.get(0);
            for (int i = 1; i < masters; i++) {
                topology.call(first, "CLUSTER", "MEET", "127.0.0.1",
                        Integer.toString(topology.dataNodes.get(i).port()), Integer.toString(busPorts.get(i)));
            }
            for (RedisNode node : topology.dataNodes) {
                topology.await("cluster state ok on node " + node.port(), Duration.ofSeconds(30), () -> {
                    String info = topology.call(node, "CLUSTER", "INFO").toString();
                    return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + masters);
                });
            }
            return topology;
        } catch (RuntimeException e) {
            topology.close();
            throw e;
        }
    }

    /**
     * The {@code quarkus.redis.*} settings that point Lever at this topology (sentinels and master name, the
     * cluster's nodes, or the master alone), with Redis as the store.
     */
    public Map<String, String> clientConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("lever.store.type", "redis");
        if (!sentinels.isEmpty()) {
            config.put("quarkus.redis.client-type", "sentinel");
            config.put("quarkus.redis.hosts", sentinels.stream().map(s -> s.uri(null))
                    .collect(Collectors.joining(",")));
            config.put("quarkus.redis.master-name", MASTER_NAME);
            config.put("quarkus.redis.role", "master");
        } else if (cluster) {
            config.put("quarkus.redis.client-type", "cluster");
            config.put("quarkus.redis.hosts", dataNodes.stream().map(n -> n.uri(null))
                    .collect(Collectors.joining(",")));
        } else {
            config.put("quarkus.redis.hosts", dataNodes.get(0).uri(null));
        }
        if (password != null) {
            config.put("quarkus.redis.password", password);
        }
        return config;
    }

    /** The data nodes: the first master and its replicas, or the cluster's masters. */
    public List<RedisNode> dataNodes() {
        return List.copyOf(dataNodes);
    }

    /**
     * Waits until every replica of the first data node (the master of a replicated topology) has acknowledged all
     * it was sent: after a replica was paused, before a test expects writes to be confirmed again.
     */
    public void awaitReplicasCaughtUp(Duration limit) {
        RedisNode master = dataNodes.get(0);
        int replicas = dataNodes.size() - 1;
        await("replicas caught up with the master", limit, () -> {
            String info = call(master, "INFO", "replication").toString();
            java.util.regex.Matcher offset = java.util.regex.Pattern.compile("master_repl_offset:(\\d+)")
                    .matcher(info);
            if (!offset.find()) {
                return false;
            }
            String caughtUp = "state=online,offset=" + offset.group(1) + ",";
            return info.split(java.util.regex.Pattern.quote(caughtUp)).length - 1 == replicas;
        });
    }

    /** The data node the sentinels currently name as master. */
    public RedisNode master() {
        for (RedisNode sentinel : sentinels) {
            if (!sentinel.alive()) {
                continue;
            }
            Response address = call(sentinel, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
            int port = address.get(1).toInteger();
            return dataNodes.stream().filter(n -> n.port() == port).findFirst()
                    .orElseThrow(() -> new IllegalStateException("sentinels name an unknown master on " + port));
        }
        throw new IllegalStateException("no sentinel running");
    }

    /** Waits until the sentinels name another master than {@code old} and it accepts writes; returns it. */
    public RedisNode awaitNewMaster(RedisNode old, Duration limit) {
        RedisNode[] promoted = new RedisNode[1];
        await("a replica promoted in place of the master on " + old.port(), limit, () -> {
            RedisNode current = master();
            if (current == old || !current.alive()) {
                return false;
            }
            promoted[0] = current;
            return call(current, "ROLE").get(0).toString().equals("master");
        });
        return promoted[0];
    }

    /** The cluster master that holds the key (the others answer it with a redirection). */
    public RedisNode ownerOf(String key) {
        for (RedisNode node : dataNodes) {
            try {
                call(node, "TYPE", key);
                return node;
            } catch (RuntimeException e) {
                if (e.getMessage() == null || !e.getMessage().contains("MOVED")) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("no cluster node owns " + key);
    }

    /** Sends one command to one node and waits for its answer. */
    public Response call(RedisNode node, String... args) {
        Redis client = clients.computeIfAbsent(node.port(), port -> Redis.createClient(vertx,
                new RedisOptions().setConnectionString(node.uri(password)).setMaxPoolWaiting(64)));
        Request request = Request.cmd(Command.create(args[0]));
        for (int i = 1; i < args.length; i++) {
            request.arg(args[i]);
        }
        return awaitResult(client.send(request));
    }

    private static <T> T awaitResult(io.vertx.core.Future<T> future) {
        Future<T> result = future.toCompletionStage().toCompletableFuture();
        try {
            return result.get(CALL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + CALL.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
        StringBuilder logs = new StringBuilder();
        for (RedisNode node : dataNodes) {
            logs.append("\n--- data node ").append(node.port()).append(":\n").append(node.log());
        }
        for (RedisNode node : sentinels) {
            logs.append("\n--- sentinel ").append(node.port()).append(":\n").append(node.log());
        }
        throw new IllegalStateException("no " + what + " within " + limit.toSeconds() + " s"
                + (last == null ? "" : " (last error: " + last.getMessage() + ")") + logs, last);
    }

    /** Stops every process and removes their directories. */
    @Override
    public void close() {
        clients.values().forEach(Redis::close);
        clients.clear();
        try {
            awaitResult(vertx.close());
        } catch (RuntimeException e) {
            // The processes below are what matters; the client threads are daemons.
        }
        for (RedisNode node : sentinels) {
            node.remove();
        }
        for (RedisNode node : dataNodes) {
            node.remove();
        }
    }
}
