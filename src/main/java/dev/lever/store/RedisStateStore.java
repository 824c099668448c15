package dev.lever.store;

import dev.lever.error.LeverException;
import dev.lever.observability.StoreMetrics;
import dev.lever.stats.RunningSequential;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * The production store: Redis, shared by every replica. Each hot-path operation is one Lua script call, so it is
 * atomic and costs one round trip; nothing is stored per decision unless the decision is rewarded (and then only a
 * marker that expires with the reward window).
 */
public class RedisStateStore implements StateStore {

    private static final LuaScript SELECT = LuaScript.load("select");
    private static final LuaScript REWARD = LuaScript.load("reward");
    private static final LuaScript SAVE = LuaScript.load("save");
    private static final LuaScript PULLS = LuaScript.load("pulls");
    private static final LuaScript COVARIATES = LuaScript.load("covariates");
    private static final LuaScript SEQUENTIAL = LuaScript.load("sequential");

    /** The kinds of call, whose answered round trips are timed by kind ({@code operation} label). */
    private enum Call {
        FIND, LIST, SAVE, DELETE, STATS, SELECT, PULLS, COVARIATES, REWARD, SEQUENTIAL_READ, SEQUENTIAL_MERGE,
        SHARED_SECRET, PING;

        final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private final Redis redis;
    private final StoreAvailability availability;
    private final Duration timeout;
    private final Duration adminTimeout;
    /** The round-trip recorder of each kind of call, by {@link Call#ordinal()}. */
    private final LongConsumer[] roundTrips;

    public RedisStateStore(Redis redis) {
        this(redis, new StoreAvailability(), Duration.ofMillis(250), Duration.ofSeconds(5), StoreMetrics.NONE);
    }

    /**
     * @param availability told of every answer and every failure to answer
     * @param timeout how long a call on the request path waits for Redis
     * @param adminTimeout how long the other calls wait
     * @param metrics told the round-trip time of every answered call
     */
    public RedisStateStore(Redis redis, StoreAvailability availability, Duration timeout, Duration adminTimeout,
            StoreMetrics metrics) {
        this.redis = redis;
        this.availability = availability;
        this.timeout = timeout;
        this.adminTimeout = adminTimeout;
        this.roundTrips = new LongConsumer[Call.values().length];
        for (Call call : Call.values()) {
            roundTrips[call.ordinal()] = metrics.roundTrip(call.label);
        }
    }

    /** A call on the request path, bounded by {@code lever.store.timeout}. */
    private <T> Uni<T> guarded(Call call, Uni<T> operation) {
        return bounded(call, operation, timeout);
    }

    /** A call off the request path, bounded by {@code lever.store.admin-timeout}. */
    private <T> Uni<T> admin(Call call, Uni<T> operation) {
        return bounded(call, operation, adminTimeout);
    }

    /**
     * Waits at most {@code limit}, lets domain errors through, and reports any failure of Redis itself (refused,
     * dropped or silent) as the store being unavailable. The reactive client has no per-command timeout of its own
     * ({@code quarkus.redis.timeout} bounds the blocking client only), so the bound is set here. An answered call's
     * time, from subscription (when the command is sent) to the answer, goes to its round-trip timer.
     */
    private <T> Uni<T> bounded(Call call, Uni<T> operation, Duration limit) {
        LongConsumer roundTrip = roundTrips[call.ordinal()];
        return Uni.createFrom().deferred(() -> {
                    long start = System.nanoTime();
                    return operation.invoke(() -> roundTrip.accept(System.nanoTime() - start));
                })
                .ifNoItem().after(limit).failWith(() -> new TimeoutException("no answer within "
                        + limit.toMillis() + " ms"))
                .invoke(availability::answered)
                .onFailure(failure -> !(failure instanceof LeverException)).transform(failure -> {
                    availability.failed(failure);
                    return LeverException.unavailable("Redis did not answer: " + failure.getMessage());
                });
    }

    @Override
    public Uni<Optional<StoredExperiment>> find(String id) {
        return admin(Call.FIND, redis.send(Request.cmd(Command.HMGET).arg(RedisKeys.meta(id)).arg("definition")
                        .arg("version").arg("epoch"))
                .map(meta -> experimentOf(id, meta)));
    }

    private static Optional<StoredExperiment> experimentOf(String id, Response meta) {
        if (meta == null || meta.get(0) == null) {
            return Optional.empty();
        }
        return Optional.of(new StoredExperiment(id, meta.get(0).toString(), meta.get(1).toLong(),
                meta.get(2).toString()));
    }

    @Override
    public Uni<List<StoredExperiment>> list() {
        return admin(Call.LIST, redis.send(Request.cmd(Command.SMEMBERS).arg(RedisKeys.INDEX)).chain(members -> {
            List<String> ids = new ArrayList<>();
            members.forEach(member -> ids.add(member.toString()));
            if (ids.isEmpty()) {
                return Uni.createFrom().item(List.<StoredExperiment>of());
            }
            List<Request> reads = new ArrayList<>();
            for (String id : ids) {
                reads.add(Request.cmd(Command.HMGET).arg(RedisKeys.meta(id)).arg("definition").arg("version")
                        .arg("epoch"));
            }
            return redis.batch(reads).map(metas -> {
                List<StoredExperiment> experiments = new ArrayList<>();
                for (int i = 0; i < ids.size(); i++) {
                    experimentOf(ids.get(i), metas.get(i)).ifPresent(experiments::add);
                }
                experiments.sort(Comparator.comparing(StoredExperiment::id));
                return experiments;
            });
        }));
    }

    @Override
    public Uni<Optional<StoredExperiment>> save(String id, String definition, long expectedVersion, String newEpoch,
            Set<String> retiredArms) {
        String[] args = new String[3 + retiredArms.size()];
        args[0] = Long.toString(expectedVersion);
        args[1] = definition;
        args[2] = newEpoch;
        int i = 3;
        for (String arm : retiredArms) {
            args[i++] = arm;
        }
        return admin(Call.SAVE, SAVE.run(redis, new String[] {RedisKeys.meta(id), RedisKeys.retired(id)}, args)
                .chain(reply -> {
                    if (reply.get(0).toInteger() == 0) {
                        return Uni.createFrom().item(Optional.<StoredExperiment>empty());
                    }
                    StoredExperiment saved = new StoredExperiment(id, definition, reply.get(1).toLong(),
                            reply.get(2).toString());
                    return redis.send(Request.cmd(Command.SADD).arg(RedisKeys.INDEX).arg(id))
                            .replaceWith(Optional.of(saved));
                }));
    }

    @Override
    public Uni<Boolean> delete(String id) {
        return admin(Call.DELETE, redis.batch(List.of(
                        Request.cmd(Command.UNLINK).arg(RedisKeys.meta(id)).arg(RedisKeys.stats(id))
                                .arg(RedisKeys.units(id)).arg(RedisKeys.retired(id))
                                .arg(RedisKeys.unitRecords(id)).arg(RedisKeys.sequential(id)),
                        Request.cmd(Command.SREM).arg(RedisKeys.INDEX).arg(id)))
                .map(replies -> replies.get(1).toInteger() > 0 || replies.get(0).toInteger() > 0));
    }

    @Override
    public Uni<ExperimentStats> stats(String id) {
        return admin(Call.STATS, redis.send(Request.cmd(Command.HGETALL).arg(RedisKeys.stats(id)))
                .map(RedisStateStore::stats));
    }

    @Override
    public Uni<SelectionOutcome> recordSelection(Selection selection) {
        String id = selection.experiment();
        UnitLevel unit = selection.unit();
        List<String> args = new ArrayList<>(List.of(selection.epoch(), selection.chosen().encode(),
                selection.stickyUnit() == null ? "" : selection.stickyUnit(), selection.returnStats() ? "1" : "0",
                unit == null ? "" : unit.key(), unit == null ? "" : TrackedMetric.encode(unit.metrics())));
        if (unit != null) {
            addPairs(args, unit.covariates());
        }
        return guarded(Call.SELECT, SELECT.run(redis,
                        new String[] {RedisKeys.meta(id), RedisKeys.stats(id), RedisKeys.units(id),
                            RedisKeys.retired(id), RedisKeys.unitRecords(id)},
                        args.toArray(String[]::new))
                .map(reply -> {
                    if (reply.get(0).toInteger() == 0) {
                        return SelectionOutcome.STALE;
                    }
                    return new SelectionOutcome(true, Assignment.decode(reply.get(1).toString()),
                            reply.get(2).toLong(), selection.returnStats() ? stats(reply.get(3)) : null);
                }));
    }

    @Override
    public Uni<SelectionOutcome> recordPulls(PullBatch batch, boolean returnStats) {
        String id = batch.experiment();
        List<String> args = new ArrayList<>();
        args.add(batch.epoch());
        args.add(returnStats ? "1" : "0");
        args.add(TrackedMetric.encode(batch.metrics()));
        args.add(Integer.toString(batch.pulls().size()));
        batch.pulls().forEach((arm, count) -> {
            args.add(arm);
            args.add(Long.toString(count));
        });
        batch.units().forEach((key, pull) -> {
            args.add(key);
            args.add(pull.arm());
            args.add(Long.toString(pull.exposures()));
            args.add(Integer.toString(pull.covariates().size()));
            addPairs(args, pull.covariates());
        });
        return guarded(Call.PULLS, PULLS.run(redis,
                        new String[] {RedisKeys.meta(id), RedisKeys.stats(id), RedisKeys.unitRecords(id)},
                        args.toArray(String[]::new))
                .map(reply -> reply.get(0).toInteger() == 0 ? SelectionOutcome.STALE
                        : new SelectionOutcome(true, null, reply.get(1).toLong(),
                                returnStats ? stats(reply.get(2)) : null)));
    }

    @Override
    public Uni<Boolean> recordCovariates(String experiment, String epoch, List<TrackedMetric> metrics,
            Map<String, Map<String, Double>> covariates) {
        List<String> args = new ArrayList<>();
        args.add(epoch);
        args.add(TrackedMetric.encode(metrics));
        covariates.forEach((key, values) -> {
            args.add(key);
            args.add(Integer.toString(values.size()));
            addPairs(args, values);
        });
        return admin(Call.COVARIATES, COVARIATES.run(redis, new String[] {RedisKeys.meta(experiment),
            RedisKeys.stats(experiment), RedisKeys.unitRecords(experiment)}, args.toArray(String[]::new))
                .map(reply -> reply.get(0).toInteger() == 1));
    }

    @Override
    public Uni<RewardOutcome> recordReward(RewardRecord reward) {
        String id = reward.experiment();
        boolean deduplicated = reward.dedupeMillis() > 0;
        List<Credit> credits = reward.credits();
        String[] keys = new String[3 + (deduplicated ? credits.size() : 0)];
        keys[0] = RedisKeys.meta(id);
        keys[1] = RedisKeys.stats(id);
        keys[2] = RedisKeys.unitRecords(id);
        List<String> args = new ArrayList<>();
        args.add(reward.epoch());
        args.add(deduplicated ? Long.toString(reward.dedupeMillis()) : "0");
        args.add(reward.arm());
        args.add(reward.countsPull() ? "1" : "0");
        args.add(reward.unitKey() == null ? "" : reward.unitKey());
        args.add(reward.unitKey() == null ? "" : TrackedMetric.encode(reward.metrics()));
        for (int c = 0; c < credits.size(); c++) {
            Credit credit = credits.get(c);
            if (deduplicated) {
                keys[3 + c] = RedisKeys.rewarded(id, credit.token());
            }
            args.add(credit.metric());
            args.add(StatsCodec.number(credit.value()));
        }
        return guarded(Call.REWARD, REWARD.run(redis, keys, args.toArray(String[]::new)).map(reply -> {
            if (reply.get(0).toInteger() == 0) {
                return RewardOutcome.STALE;
            }
            List<Boolean> applied = new ArrayList<>(credits.size());
            for (int c = 0; c < credits.size(); c++) {
                applied.add(reply.get(c + 1).toInteger() == 1);
            }
            return new RewardOutcome(true, applied);
        }));
    }

    private static void addPairs(List<String> args, Map<String, Double> values) {
        values.forEach((metric, value) -> {
            args.add(metric);
            args.add(StatsCodec.number(value));
        });
    }

    @Override
    public Uni<Map<String, RunningSequential>> sequentialResults(String id) {
        return admin(Call.SEQUENTIAL_READ, redis.send(Request.cmd(Command.HGETALL).arg(RedisKeys.sequential(id)))
                .map(reply -> {
                    Map<String, RunningSequential> results = new HashMap<>();
                    hash(reply).forEach((key, value) -> {
                        String[] parts = value.split(" ");
                        results.put(key, new RunningSequential(Double.parseDouble(parts[0]), parseBound(parts[1]),
                                parseBound(parts[2])));
                    });
                    return results;
                }));
    }

    @Override
    public Uni<Boolean> mergeSequentialResults(String id, String epoch, Map<String, RunningSequential> results) {
        List<String> args = new ArrayList<>();
        args.add(epoch);
        results.forEach((key, result) -> {
            args.add(key);
            args.add(Double.toString(result.pValue()));
            args.add(formatBound(result.lower()));
            args.add(formatBound(result.upper()));
        });
        return admin(Call.SEQUENTIAL_MERGE, SEQUENTIAL.run(redis,
                new String[] {RedisKeys.meta(id), RedisKeys.sequential(id)}, args.toArray(String[]::new))
                .map(reply -> reply.get(0).toInteger() == 1));
    }

    /** Lua's tonumber reads "inf" and "-inf"; its %.17g writes them so. */
    private static String formatBound(double bound) {
        return Double.isInfinite(bound) ? (bound > 0 ? "inf" : "-inf") : Double.toString(bound);
    }

    private static double parseBound(String bound) {
        return switch (bound) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(bound);
        };
    }

    @Override
    public Uni<String> sharedSecret(String candidate) {
        return admin(Call.SHARED_SECRET, redis.batch(List.of(
                        Request.cmd(Command.SET).arg(RedisKeys.SECRET).arg(candidate).arg("NX"),
                        Request.cmd(Command.GET).arg(RedisKeys.SECRET)))
                .map(replies -> replies.get(1).toString()));
    }

    @Override
    public Uni<Void> ping() {
        return guarded(Call.PING, redis.send(Request.cmd(Command.PING)).replaceWithVoid());
    }

    /** A hash reply, whether it came as a RESP3 map or a flat RESP2 array, read into statistics. */
    private static ExperimentStats stats(Response reply) {
        return StatsCodec.decode(hash(reply));
    }

    /** A hash reply as a field-to-value map, whether it came as a RESP3 map or a flat RESP2 array. */
    private static Map<String, String> hash(Response reply) {
        if (reply == null) {
            return Map.of();
        }
        Map<String, String> fields = new HashMap<>(Math.max(16, reply.size() * 2));
        if (reply.isMap()) {
            for (String key : reply.getKeys()) {
                fields.put(key, reply.get(key).toString());
            }
        } else {
            for (int i = 0; i + 1 < reply.size(); i += 2) {
                fields.put(reply.get(i).toString(), reply.get(i + 1).toString());
            }
        }
        return fields;
    }
}
