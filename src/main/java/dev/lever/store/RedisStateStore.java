package dev.lever.store;

import dev.lever.error.LeverException;
import dev.lever.history.ArmTotals;
import dev.lever.history.BucketTotals;
import dev.lever.history.MetricTotals;
import dev.lever.history.Resolution;
import dev.lever.history.Resolutions;
import dev.lever.history.RollUp;
import dev.lever.observability.StoreMetrics;
import dev.lever.stats.RunningSequential;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
 *
 * <p>History is one hash per bucket and level ({@link RedisKeys#history}), written by the same script calls as the
 * statistics and given an absolute expiry at the end of its retention when written. That was chosen over one hash
 * per level trimmed by the scripts: Redis then forgets old buckets by itself (no script ever scans for them), a
 * write touches only its own small hash, and a read of a range is one pipelined batch of {@code HGETALL}s. Memory
 * per experiment is bounded by the buckets each level keeps.
 *
 * <p>It runs unchanged on a standalone server, behind Sentinel and on Redis Cluster: every script and every batch
 * touches the keys of one experiment only, which share its hash slot; what spans experiments (the list) is read one
 * experiment at a time. With {@link ReplicaAcks} set, the writes a client is told about (rewards, covariates,
 * experiment changes) are followed on their connection by {@code WAIT}, and answered as unconfirmed when too few
 * replicas have them.
 */
public class RedisStateStore implements StateStore {

    private static final LuaScript SELECT = LuaScript.load("select");
    private static final LuaScript REWARD = LuaScript.load("reward");
    private static final LuaScript SAVE = LuaScript.load("save");
    private static final LuaScript PULLS = LuaScript.load("pulls");
    private static final LuaScript COVARIATES = LuaScript.load("covariates");
    private static final LuaScript SEQUENTIAL = LuaScript.load("sequential");
    private static final LuaScript STATS = LuaScript.load("stats");

    /**
     * The most commands sent in one pipelined batch: the client holds a waiting handler per command in flight, and
     * refuses more than {@code max-waiting-handlers} (2048 by default).
     */
    private static final int MAX_BATCH = 500;

    /**
     * How long a replica's last applied batch of pulls is remembered after its last batch ({@link
     * RedisKeys#pullSequences}): far beyond any time a batch waits to be sent again (an outage, a slow reply), and
     * short enough that the ids of restarted replicas leave the hash within a week.
     */
    static final Duration PULL_SEQUENCE_RETENTION = Duration.ofDays(7);

    /** How many experiments' definitions the list reads at once. */
    private static final int LIST_CONCURRENCY = 32;

    /** The kinds of call, whose answered round trips are timed by kind ({@code operation} label). */
    private enum Call {
        FIND, LIST, COUNT, SAVE, DELETE, HISTORY, STATS, SELECT, PULLS, COVARIATES, REWARD, SEQUENTIAL_READ,
        SEQUENTIAL_MERGE, SHARED_SECRET, PING, DECISION_LOG;

        final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private final Redis redis;
    private final StoreAvailability availability;
    private final Duration timeout;
    private final Duration adminTimeout;
    private final Resolutions history;
    /** The round-trip recorder of each kind of call, by {@link Call#ordinal()}. */
    private final LongConsumer[] roundTrips;
    private final ReplicaAcks acks;
    private final LogLimits log;

    public RedisStateStore(Redis redis) {
        this(redis, new StoreAvailability(), Duration.ofMillis(250), Duration.ofSeconds(5), Resolutions.DEFAULT,
                StoreMetrics.NONE, ReplicaAcks.NONE);
    }

    public RedisStateStore(Redis redis, StoreAvailability availability, Duration timeout, Duration adminTimeout,
            Resolutions history, StoreMetrics metrics, ReplicaAcks acks) {
        this(redis, availability, timeout, adminTimeout, history, metrics, acks, LogLimits.DEFAULT);
    }

    /**
     * @param availability told of every answer and every failure to answer
     * @param timeout how long a call on the request path waits for Redis
     * @param adminTimeout how long the other calls wait
     * @param history the history levels to keep, {@link Resolutions#OFF} for none
     * @param metrics told the round-trip time of every answered call
     * @param acks the replicas that must confirm an acknowledged write
     * @param log how much of each experiment's decision log to keep
     */
    public RedisStateStore(Redis redis, StoreAvailability availability, Duration timeout, Duration adminTimeout,
            Resolutions history, StoreMetrics metrics, ReplicaAcks acks, LogLimits log) {
        this.redis = redis;
        this.availability = availability;
        this.timeout = timeout;
        this.adminTimeout = adminTimeout;
        this.history = history;
        this.roundTrips = new LongConsumer[Call.values().length];
        for (Call call : Call.values()) {
            roundTrips[call.ordinal()] = metrics.roundTrip(call.label);
        }
        this.acks = acks;
        this.log = log;
    }

    /**
     * The replies of a write and how many replicas confirmed it: {@code WAIT}'s answer, or the replicas asked for
     * (none) when none are.
     */
    private record Written(List<Response> replies, long confirmedBy) {

        Response reply() {
            return replies.get(0);
        }
    }

    /** Runs a script that writes, followed by {@code WAIT} when replica acknowledgements are asked for. */
    private Uni<Written> write(LuaScript script, String[] keys, String[] args) {
        if (!acks.enabled()) {
            return script.run(redis, keys, args).map(reply -> new Written(Collections.singletonList(reply), 0));
        }
        return script.runThen(redis, keys, args, acks.waitRequest())
                .map(replies -> new Written(replies, replies.get(1).toLong()));
    }

    /** Sends a command that writes, followed by {@code WAIT} when replica acknowledgements are asked for. */
    private Uni<Written> write(Request command) {
        if (!acks.enabled()) {
            return redis.send(command).map(reply -> new Written(Collections.singletonList(reply), 0));
        }
        return redis.batch(List.of(command, acks.waitRequest()))
                .map(replies -> new Written(replies, replies.get(1).toLong()));
    }

    /** Fails with the unconfirmed-write answer unless every write was confirmed by enough replicas. */
    private void requireConfirmed(String retry, Written... writes) {
        long confirmed = Long.MAX_VALUE;
        for (Written written : writes) {
            confirmed = Math.min(confirmed, written.confirmedBy());
        }
        if (!acks.confirmedBy(confirmed)) {
            throw acks.unconfirmed(confirmed, retry);
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

    /** A call that waits for replicas {@code waits} times: its bound grows by their timeout each time. */
    private <T> Uni<T> acknowledged(Call call, Uni<T> operation, Duration limit, int waits) {
        return bounded(call, operation, limit.plus(acks.timeout().multipliedBy(waits)));
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
                    if (outOfMemory(failure)) {
                        // Redis answered: it is up, and refuses writes at maxmemory (noeviction) rather than evict
                        // statistics. Selects keep being served; the write is refused, and retried safely later.
                        availability.answered();
                        return LeverException.unavailable("Redis refused the write: it has reached its maxmemory "
                                + "and evicts nothing (noeviction); an operator must give it more memory or delete "
                                + "ended experiments");
                    }
                    availability.failed(failure);
                    return LeverException.unavailable("Redis did not answer: " + failure.getMessage());
                });
    }

    /** Redis' answer to a write beyond {@code maxmemory} under the {@code noeviction} policy. */
    private static boolean outOfMemory(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("OOM ");
    }

    @Override
    public Uni<Optional<StoredExperiment>> find(String id) {
        return admin(Call.FIND, redis.send(readMeta(id)).map(meta -> experimentOf(id, meta)));
    }

    private static Request readMeta(String id) {
        return Request.cmd(Command.HMGET).arg(RedisKeys.meta(id)).arg("definition").arg("version").arg("epoch")
                .arg("created");
    }

    private static Optional<StoredExperiment> experimentOf(String id, Response meta) {
        if (meta == null || meta.get(0) == null) {
            return Optional.empty();
        }
        return Optional.of(new StoredExperiment(id, meta.get(0).toString(), meta.get(1).toLong(),
                meta.get(2).toString(), meta.get(3) == null ? 0 : meta.get(3).toLong()));
    }

    @Override
    public Uni<List<StoredExperiment>> list() {
        return admin(Call.LIST, redis.send(Request.cmd(Command.SMEMBERS).arg(RedisKeys.INDEX)).chain(members -> {
            List<String> ids = new ArrayList<>();
            members.forEach(member -> ids.add(member.toString()));
            if (ids.isEmpty()) {
                return Uni.createFrom().item(List.<StoredExperiment>of());
            }
            // One read per experiment, never one batch: on Redis Cluster each experiment's keys have their own slot.
            return Multi.createFrom().iterable(ids)
                    .onItem().transformToUni(id -> redis.send(readMeta(id)).map(meta -> experimentOf(id, meta)))
                    .merge(LIST_CONCURRENCY)
                    .collect().asList()
                    .map(found -> found.stream().flatMap(Optional::stream)
                            .sorted(Comparator.comparing(StoredExperiment::id)).toList());
        }));
    }

    @Override
    public Uni<Long> count() {
        return admin(Call.COUNT, redis.send(Request.cmd(Command.SCARD).arg(RedisKeys.INDEX)).map(Response::toLong));
    }

    @Override
    public Uni<Optional<StoredExperiment>> save(String id, String definition, long expectedVersion, String newEpoch,
            Set<String> retiredArms, Duration stickyTtl, Decay decay) {
        String[] args = new String[6 + retiredArms.size()];
        args[0] = Long.toString(expectedVersion);
        args[1] = definition;
        args[2] = newEpoch;
        args[3] = stickyTtl == null ? "0" : Long.toString(stickyTtl.toSeconds());
        args[4] = Long.toString(System.currentTimeMillis());
        args[5] = decay == null ? "" : decay.encode();
        int i = 6;
        for (String arm : retiredArms) {
            args[i++] = arm;
        }
        return acknowledged(Call.SAVE, write(SAVE, new String[] {RedisKeys.meta(id), RedisKeys.retired(id)}, args)
                .chain(written -> {
                    Response reply = written.reply();
                    if (reply.get(0).toInteger() == 0) {
                        return Uni.createFrom().item(Optional.<StoredExperiment>empty());
                    }
                    StoredExperiment saved = new StoredExperiment(id, definition, reply.get(1).toLong(),
                            reply.get(2).toString(), reply.get(3).toLong());
                    // Indexed even when unconfirmed: an experiment stored on the primary must be listed.
                    return write(Request.cmd(Command.SADD).arg(RedisKeys.INDEX).arg(id)).map(indexed -> {
                        requireConfirmed("the change may have been applied: read the experiment before changing it "
                                + "again", written, indexed);
                        return Optional.of(saved);
                    });
                }), adminTimeout, 2);
    }

    /**
     * Unlinks the experiment's keys: its sticky units' generations, found from the time to live its last save recorded
     * (older generations have expired by themselves), and the history buckets its incarnation may still hold: every
     * bucket each level keeps, up to one bucket ahead of this replica's clock. A bucket a replica with a clock further
     * ahead wrote is never read again (the next incarnation has another epoch) and expires by itself.
     */
    @Override
    public Uni<Boolean> delete(String id) {
        return acknowledged(Call.DELETE, redis.send(Request.cmd(Command.HMGET).arg(RedisKeys.meta(id)).arg("epoch")
                        .arg("sticky-ttl")).chain(meta -> {
            Request unlink = Request.cmd(Command.UNLINK).arg(RedisKeys.meta(id)).arg(RedisKeys.stats(id))
                    .arg(RedisKeys.units(id)).arg(RedisKeys.retired(id)).arg(RedisKeys.unitRecords(id))
                    .arg(RedisKeys.sequential(id)).arg(RedisKeys.rewardMarkers(id)).arg(RedisKeys.decisionLog(id))
                    .arg(RedisKeys.pullSequences(id));
            long now = System.currentTimeMillis();
            long ttlSeconds = meta.get(1) == null ? 0 : meta.get(1).toLong();
            if (ttlSeconds > 0) {
                long generation = new Sticky(id, Duration.ofSeconds(ttlSeconds)).generation(now);
                for (long g = generation - 2; g <= generation + 1; g++) {
                    unlink.arg(RedisKeys.units(id, ttlSeconds, g));
                }
            }
            if (meta.get(0) != null) {
                for (Resolution level : history.levels()) {
                    for (long start : keptStarts(level, 0, Long.MAX_VALUE, now)) {
                        unlink.arg(RedisKeys.history(id, meta.get(0).toString(), level, start));
                    }
                }
            }
            // Two writes, not one batch: the index has a slot of its own on Redis Cluster. The keys go first, so that
            // an interruption leaves an index entry without keys, which the list skips.
            return write(unlink).chain(unlinked -> write(Request.cmd(Command.SREM).arg(RedisKeys.INDEX).arg(id))
                    .map(removed -> {
                        requireConfirmed("deleting it again is safe", unlinked, removed);
                        return removed.reply().toInteger() > 0 || unlinked.reply().toInteger() > 0;
                    }));
        }), adminTimeout, 2);
    }

    /**
     * The starts of the level's buckets in {@code [fromMillis, endMillis)} that can exist at {@code nowMillis}: kept
     * still, and at most one bucket ahead of this clock.
     */
    private static List<Long> keptStarts(Resolution level, long fromMillis, long endMillis, long nowMillis) {
        long size = level.sizeMillis();
        long first = Math.max(level.start(fromMillis), level.start(nowMillis - level.retention().toMillis()) - size);
        long last = Math.min(endMillis - 1, level.start(nowMillis) + size);
        List<Long> starts = new ArrayList<>();
        for (long start = first; start <= last; start += size) {
            if (level.keeps(start, nowMillis)) {
                starts.add(start);
            }
        }
        return starts;
    }

    @Override
    public Uni<List<BucketTotals>> history(String id, String epoch, Resolution level, long fromMillis,
            long endMillis) {
        List<Long> starts = history.enabled() ? keptStarts(level, fromMillis, endMillis, System.currentTimeMillis())
                : List.of();
        if (starts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return admin(Call.HISTORY, readBuckets(id, epoch, level, starts, 0, new ArrayList<>()));
    }

    /** Reads the buckets from {@code starts[from]} on, in batches of at most {@link #MAX_BATCH}. */
    private Uni<List<BucketTotals>> readBuckets(String id, String epoch, Resolution level, List<Long> starts,
            int from, List<BucketTotals> read) {
        if (from >= starts.size()) {
            return Uni.createFrom().item(read);
        }
        List<Long> batch = starts.subList(from, Math.min(starts.size(), from + MAX_BATCH));
        List<Request> reads = new ArrayList<>(batch.size());
        for (long start : batch) {
            reads.add(Request.cmd(Command.HGETALL).arg(RedisKeys.history(id, epoch, level, start)));
        }
        return redis.batch(reads).chain(replies -> {
            for (int i = 0; i < batch.size(); i++) {
                Map<String, String> fields = hash(replies.get(i));
                if (!fields.isEmpty()) {
                    read.add(bucketOf(batch.get(i), fields));
                }
            }
            return readBuckets(id, epoch, level, starts, from + batch.size(), read);
        });
    }

    /** A history bucket's hash read back (fields as {@code lua/lib/history.lua} describes). */
    private static BucketTotals bucketOf(long start, Map<String, String> fields) {
        long decisions = 0;
        Map<String, long[]> counts = new HashMap<>();
        Map<String, Double> allocations = new HashMap<>();
        Map<String, Map<String, MetricTotals>> metrics = new HashMap<>();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String[] parts = field.getKey().split(":", 3);
            String value = field.getValue();
            if (parts[0].isEmpty()) {
                decisions = Long.parseLong(value);
            } else if (parts.length == 2 && parts[1].equals("n")) {
                counts.computeIfAbsent(parts[0], a -> new long[1])[0] = Long.parseLong(value);
            } else if (parts.length == 2) {
                allocations.put(parts[0], Double.parseDouble(value));
            } else {
                MetricTotals read = parts[2].equals("c") ? new MetricTotals(Long.parseLong(value), 0.0)
                        : new MetricTotals(0, Double.parseDouble(value));
                metrics.computeIfAbsent(parts[0], a -> new HashMap<>()).merge(parts[1], read, MetricTotals::plus);
            }
        }
        java.util.Set<String> arms = new java.util.HashSet<>(counts.keySet());
        arms.addAll(allocations.keySet());
        arms.addAll(metrics.keySet());
        Map<String, ArmTotals> totals = new HashMap<>();
        for (String arm : arms) {
            totals.put(arm, new ArmTotals(counts.getOrDefault(arm, new long[1])[0], allocations.getOrDefault(arm, 0.0),
                    metrics.getOrDefault(arm, Map.of())));
        }
        return new BucketTotals(start, decisions, totals);
    }

    /** The keys of the history buckets holding the instant {@code atMillis}, one per level. */
    private List<String> historyKeys(String id, String epoch, long atMillis) {
        List<String> keys = new ArrayList<>(history.levels().size());
        for (Resolution level : history.levels()) {
            keys.add(RedisKeys.history(id, epoch, level, level.start(atMillis)));
        }
        return keys;
    }

    /** The number of levels, then the expiry of the bucket holding {@code atMillis} in each. */
    private void addHistoryExpiries(List<String> args, long atMillis) {
        args.add(Integer.toString(history.levels().size()));
        for (Resolution level : history.levels()) {
            args.add(Long.toString(level.expiresAt(level.start(atMillis))));
        }
    }

    @Override
    public Uni<ExperimentStats> stats(String id) {
        return admin(Call.STATS, STATS.run(redis, new String[] {RedisKeys.meta(id), RedisKeys.stats(id)})
                .map(RedisStateStore::stats));
    }

    @Override
    public Uni<SelectionOutcome> recordSelection(Selection selection) {
        String id = selection.experiment();
        UnitLevel unit = selection.unit();
        Sticky sticky = selection.sticky();
        long ttlSeconds = sticky == null ? 0 : sticky.ttl().toSeconds();
        long generation = sticky == null ? 0 : sticky.generation(System.currentTimeMillis());
        List<String> args = new ArrayList<>(List.of(selection.epoch(), selection.chosen().encode(),
                sticky == null ? "" : sticky.unit(), selection.returnStats() ? "1" : "0",
                unit == null ? "" : unit.key(), unit == null ? "" : TrackedMetric.encode(unit.metrics()),
                Long.toString(ttlSeconds), Long.toString(generation)));
        addHistoryExpiries(args, selection.atMillis());
        Map<String, Double> shares = new HashMap<>();
        if (selection.allocation() != null && history.enabled()) {
            selection.allocation().addTo(shares, 1);
        }
        args.add(Integer.toString(shares.size()));
        addPairs(args, shares);
        if (unit != null) {
            addPairs(args, unit.covariates());
        }
        List<String> keys = new ArrayList<>(List.of(RedisKeys.meta(id), RedisKeys.stats(id), RedisKeys.units(id),
                RedisKeys.retired(id), RedisKeys.unitRecords(id)));
        keys.addAll(historyKeys(id, selection.epoch(), selection.atMillis()));
        if (sticky != null) {
            // Redis' clock picks the generation; these four cover any caller whose clock is within a ttl of it.
            for (long g = generation - 2; g <= generation + 1; g++) {
                keys.add(RedisKeys.units(id, ttlSeconds, g));
            }
        }
        Uni<SelectionOutcome> counted = guarded(Call.SELECT, SELECT.run(redis, keys.toArray(String[]::new),
                args.toArray(String[]::new)).map(reply -> {
                    if (reply.get(0).toInteger() == 0) {
                        return SelectionOutcome.STALE;
                    }
                    return new SelectionOutcome(true, Assignment.decode(reply.get(1).toString()),
                            reply.get(2).toLong(), selection.returnStats() ? stats(reply.get(3)) : null);
                }));
        if (selection.log() == null) {
            return counted;
        }
        // Written through (no pull buffer): the entry follows in a second call, with the arm the unit was counted in.
        // A failed log write loses the entry, not the counted decision: it is counted as dropped.
        return counted.call(outcome -> !outcome.current() ? Uni.createFrom().voidItem()
                : recordPulls(new PullBatch(id, selection.epoch(), List.of(), Map.of(), List.of(),
                        List.of(selection.log().counted(outcome.assignment()))), false)
                        .onFailure().recoverWithItem(failure -> {
                            availability.droppedLogEntries(1, failure.getMessage());
                            return null;
                        }));
    }

    @Override
    public Uni<SelectionOutcome> recordPulls(PullBatch batch, boolean returnStats) {
        String id = batch.experiment();
        List<String> args = new ArrayList<>();
        args.add(batch.epoch());
        args.add(returnStats ? "1" : "0");
        args.add(TrackedMetric.encode(batch.metrics()));
        BatchSequence sequence = batch.sequence();
        args.add(sequence == null ? "" : sequence.replica());
        args.add(sequence == null ? "0" : Long.toString(sequence.number()));
        args.add(Long.toString(PULL_SEQUENCE_RETENTION.toSeconds()));
        Map<String, Long> pulls = batch.pulls();
        args.add(Integer.toString(pulls.size()));
        pulls.forEach((arm, count) -> {
            args.add(arm);
            args.add(Long.toString(count));
        });
        List<String> keys = new ArrayList<>(List.of(RedisKeys.meta(id), RedisKeys.stats(id),
                RedisKeys.unitRecords(id), RedisKeys.pullSequences(id)));
        int entriesAt = args.size();
        args.add("0");
        int entries = 0;
        for (Resolution level : history.levels()) {
            for (BucketTotals bucket : RollUp.rollUp(batch.buckets(), level.sizeMillis())) {
                keys.add(RedisKeys.history(id, batch.epoch(), level, bucket.startMillis()));
                args.add(Long.toString(level.expiresAt(bucket.startMillis())));
                args.add(Long.toString(bucket.decisions()));
                args.add(Integer.toString(bucket.arms().size()));
                bucket.arms().forEach((arm, totals) -> {
                    args.add(arm);
                    args.add(Long.toString(totals.pulls()));
                    args.add(StatsCodec.number(totals.allocationSum()));
                });
                entries++;
            }
        }
        args.set(entriesAt, Integer.toString(entries));
        args.add(Integer.toString(batch.log().size()));
        if (!batch.log().isEmpty()) {
            keys.add(RedisKeys.decisionLog(id));
            addLogLimits(args);
            for (LogEntry.Decision decision : batch.log()) {
                args.addAll(List.of(decision.decision(), Long.toString(decision.atMillis()),
                        decision.unit() == null ? "" : decision.unit(), decision.arm(),
                        StatsCodec.number(decision.propensity()), decision.policy(),
                        Long.toString(decision.version()), decision.context() == null ? "" : decision.context()));
            }
        }
        batch.units().forEach((key, pull) -> {
            args.add(key);
            args.add(pull.arm());
            args.add(Long.toString(pull.exposures()));
            args.add(Integer.toString(pull.covariates().size()));
            addPairs(args, pull.covariates());
        });
        return guarded(Call.PULLS, PULLS.run(redis, keys.toArray(String[]::new), args.toArray(String[]::new))
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
        return acknowledged(Call.COVARIATES, write(COVARIATES, new String[] {RedisKeys.meta(experiment),
            RedisKeys.stats(experiment), RedisKeys.unitRecords(experiment)}, args.toArray(String[]::new))
                .map(written -> {
                    if (written.reply().get(0).toInteger() == 0) {
                        return false;
                    }
                    requireConfirmed("sending the covariates again is safe: a unit's first value of a metric "
                            + "counts", written);
                    return true;
                }), adminTimeout, 1);
    }

    @Override
    public Uni<RewardOutcome> recordReward(RewardRecord reward) {
        return recordRewards(List.of(reward)).map(outcomes -> outcomes.get(0));
    }

    @Override
    public Uni<List<RewardOutcome>> recordRewards(List<RewardRecord> rewards) {
        String id = rewards.get(0).experiment();
        List<String> keys = new ArrayList<>(List.of(RedisKeys.meta(id), RedisKeys.stats(id), RedisKeys.unitRecords(id),
                RedisKeys.rewardMarkers(id)));
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(rewards.size()));
        for (RewardRecord reward : rewards) {
            if (!reward.experiment().equals(id)) {
                throw new IllegalArgumentException("a batch of rewards is of one experiment: " + id + " and "
                        + reward.experiment());
            }
            boolean deduplicated = reward.dedupeMillis() > 0;
            args.add(reward.epoch());
            args.add(deduplicated ? Long.toString(reward.dedupeMillis()) : "0");
            args.add(reward.arm());
            args.add(reward.countsPull() ? "1" : "0");
            args.add(reward.unitKey() == null ? "" : reward.unitKey());
            args.add(reward.unitKey() == null ? "" : TrackedMetric.encode(reward.metrics()));
            keys.addAll(historyKeys(id, reward.epoch(), reward.atMillis()));
            addHistoryExpiries(args, reward.atMillis());
            args.add(Integer.toString(reward.credits().size()));
            for (Credit credit : reward.credits()) {
                if (deduplicated) {
                    keys.add(RedisKeys.rewarded(id, credit.token()));
                }
                args.add(deduplicated ? credit.token() : "");
                args.add(credit.metric());
                args.add(StatsCodec.number(credit.value()));
            }
            args.add(reward.linear() == null ? "" : reward.linear().encode(reward.arm()));
        }
        if (rewards.stream().anyMatch(RewardRecord::logged)) {
            keys.add(RedisKeys.decisionLog(id));
            addLogLimits(args);
            rewards.forEach(reward -> args.add(reward.logged() ? "1" : "0"));
        }
        return acknowledged(Call.REWARD, write(REWARD, keys.toArray(String[]::new), args.toArray(String[]::new))
                .map(written -> {
            Response reply = written.reply();
            List<RewardOutcome> outcomes = new ArrayList<>(rewards.size());
            for (int r = 0; r < rewards.size(); r++) {
                Response result = reply.get(r);
                if (result.get(0).toInteger() == 0) {
                    outcomes.add(RewardOutcome.STALE);
                    continue;
                }
                List<Boolean> applied = new ArrayList<>(result.size() - 1);
                for (int c = 1; c < result.size(); c++) {
                    applied.add(result.get(c).toInteger() == 1);
                }
                outcomes.add(new RewardOutcome(true, applied));
            }
            if (outcomes.stream().anyMatch(RewardOutcome::current)) {
                // Only a batch that wrote waits for replicas (a reward of a deleted experiment writes nothing).
                requireConfirmed("sending a reward again with the same decision id is safe: it counts once (a "
                        + "direct reward, without a decision id, sent again counts again)", written);
            }
            return outcomes;
        }), timeout, 1);
    }

    private void addLogLimits(List<String> args) {
        args.add(Long.toString(log.maxLength()));
        args.add(Long.toString(log.maxAgeMillis()));
    }

    @Override
    public Uni<List<LoggedEntry>> decisionLog(String id, String after, int count) {
        return admin(Call.DECISION_LOG, redis.send(Request.cmd(Command.XRANGE).arg(RedisKeys.decisionLog(id))
                .arg(after == null ? "-" : "(" + after).arg("+").arg("COUNT").arg(count)).map(reply -> {
                    List<LoggedEntry> entries = new ArrayList<>(reply.size());
                    for (Response entry : reply) {
                        entries.add(new LoggedEntry(entry.get(0).toString(), logEntry(hash(entry.get(1)))));
                    }
                    return entries;
                }));
    }

    /** A decision log entry's fields read back (as {@code lua/lib/decisionlog.lua} describes). */
    private static LogEntry logEntry(Map<String, String> fields) {
        long at = Long.parseLong(fields.get("at"));
        if ("reward".equals(fields.get("type"))) {
            return new LogEntry.Reward(fields.get("decision"), at, fields.get("arm"), fields.get("metric"),
                    Double.parseDouble(fields.get("value")));
        }
        String unit = fields.get("unit");
        // Entries written before contexts were logged have no context field; later ones an empty one for none.
        String context = fields.get("context");
        return new LogEntry.Decision(fields.get("decision"), at, unit.isEmpty() ? null : unit, fields.get("arm"),
                Double.parseDouble(fields.get("propensity")), fields.get("policy"),
                Long.parseLong(fields.get("version")), context == null || context.isEmpty() ? null : context);
    }

    private static void addPairs(List<String> args, Map<String, Double> values) {
        values.forEach((metric, value) -> {
            args.add(metric);
            args.add(StatsCodec.number(value));
        });
    }

    @Override
    public Uni<Map<String, RunningSequential>> sequentialResults(String id) {
        return admin(Call.SEQUENTIAL_READ, redis.send(Request.cmd(Command.HGETALL).arg(RedisKeys.sequential(id))).map(reply -> {
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
        return admin(Call.SEQUENTIAL_MERGE, SEQUENTIAL.run(redis, new String[] {RedisKeys.meta(id), RedisKeys.sequential(id)},
                args.toArray(String[]::new)).map(reply -> reply.get(0).toInteger() == 1));
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
