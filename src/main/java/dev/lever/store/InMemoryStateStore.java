package dev.lever.store;

import dev.lever.history.BucketTotals;
import dev.lever.history.Resolution;
import dev.lever.history.Resolutions;
import dev.lever.stats.RunningSequential;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A state store in this process's memory: for a single instance in development and for tests. It keeps exactly
 * what the Redis store keeps, with the same atomicity (one lock per experiment), and forgets it all on restart.
 */
public class InMemoryStateStore implements StateStore {

    private final ConcurrentSkipListMap<String, ExperimentState> experiments = new ConcurrentSkipListMap<>();
    private final LongSupplier clock;
    private final Resolutions history;
    private final LogLimits logLimits;
    private volatile String secret;

    public InMemoryStateStore() {
        this(System::currentTimeMillis, Resolutions.DEFAULT);
    }

    public InMemoryStateStore(LongSupplier clock, Resolutions history) {
        this(clock, history, LogLimits.DEFAULT);
    }

    /**
     * A store whose reward deduplication, sticky units and history retention go by the given millisecond clock.
     *
     * @param history the history levels to keep, {@link Resolutions#OFF} for none
     * @param logLimits how much of each experiment's decision log to keep (trimmed exactly here)
     */
    public InMemoryStateStore(LongSupplier clock, Resolutions history, LogLimits logLimits) {
        this.clock = clock;
        this.history = history;
        this.logLimits = logLimits;
    }

    /** Everything known about one experiment; every access holds its monitor. */
    private final class ExperimentState {
        StoredExperiment experiment;
        final MutableStats stats = new MutableStats();
        /** What the policy discounts, null when it discounts nothing. */
        Decay decay;
        final DecayedSums decayed = new DecayedSums();
        /** The instant of the call holding the lock, in microseconds: one per call, as one TIME per script. */
        long callMicros;
        final MutableHistory timeline = new MutableHistory(history);
        final Map<String, RunningSequential> sequential = new HashMap<>();
        /** Sticky units by generation, as {@code lua/select.lua} keeps them: only the current and previous one. */
        final Map<String, Map<String, String>> units = new HashMap<>();
        final Set<String> retired = new HashSet<>();
        final Map<String, Long> rewardedUntil = new HashMap<>();
        /**
         * Replica id to the sequence of its last applied batch of pulls, as {@code lua/pulls.lua} keeps them (this
         * store loses no reply, but answers a batch sent twice as Redis does). Per incarnation: a recreated
         * experiment gets a new state.
         */
        final Map<String, Long> appliedSequences = new HashMap<>();
        long rewardsSincePurge;
        /** The decision log, oldest first, with ids as a Redis Stream gives them. */
        final ArrayDeque<LoggedEntry> log = new ArrayDeque<>();
        long lastLogMillis;
        long lastLogSequence;

        void append(LogEntry entry) {
            long now = clock.getAsLong();
            if (now > lastLogMillis) {
                lastLogMillis = now;
                lastLogSequence = 0;
            } else {
                lastLogSequence++;
            }
            log.add(new LoggedEntry(lastLogMillis + "-" + lastLogSequence, entry));
            while (log.size() > logLimits.maxLength() || (logLimits.maxAgeMillis() > 0
                    && millisOf(log.peek().id()) < now - logLimits.maxAgeMillis())) {
                log.poll();
            }
        }
    }

    private static long millisOf(String entryId) {
        return Long.parseLong(entryId.substring(0, entryId.indexOf('-')));
    }

    /** Orders entry ids as a stream does: by time, then sequence. */
    private static int compareIds(String a, String b) {
        int byTime = Long.compare(millisOf(a), millisOf(b));
        return byTime != 0 ? byTime : Long.compare(Long.parseLong(a.substring(a.indexOf('-') + 1)),
                Long.parseLong(b.substring(b.indexOf('-') + 1)));
    }

    @Override
    public Uni<List<LoggedEntry>> decisionLog(String id, String after, int count) {
        return Uni.createFrom().item(() -> {
            ExperimentState state = experiments.get(id);
            List<LoggedEntry> read = new ArrayList<>();
            if (state == null) {
                return read;
            }
            synchronized (state) {
                state.callMicros = micros();
                for (LoggedEntry entry : state.log) {
                    if (read.size() >= count) {
                        break;
                    }
                    if (after == null || compareIds(entry.id(), after) > 0) {
                        read.add(entry);
                    }
                }
            }
            return read;
        });
    }

    @Override
    public Uni<Optional<StoredExperiment>> find(String id) {
        return Uni.createFrom().item(() -> Optional.ofNullable(experiments.get(id)).map(this::snapshotOf));
    }

    private StoredExperiment snapshotOf(ExperimentState state) {
        synchronized (state) {
            state.callMicros = micros();
            return state.experiment;
        }
    }

    @Override
    public Uni<List<StoredExperiment>> list() {
        return Uni.createFrom().item(() -> {
            List<StoredExperiment> all = new ArrayList<>();
            experiments.values().forEach(state -> all.add(snapshotOf(state)));
            all.sort(Comparator.comparing(StoredExperiment::id));
            return all;
        });
    }

    @Override
    public Uni<Long> count() {
        return Uni.createFrom().item(() -> experiments.values().stream().filter(state -> snapshotOf(state) != null)
                .count());
    }

    @Override
    public Uni<Optional<StoredExperiment>> save(String id, String definition, long expectedVersion, String newEpoch,
            Set<String> retiredArms, Duration stickyTtl, Decay decay) {
        return Uni.createFrom().item(() -> {
            ExperimentState state = experiments.computeIfAbsent(id, k -> new ExperimentState());
            synchronized (state) {
                state.callMicros = micros();
                long current = state.experiment == null ? 0 : state.experiment.version();
                if (current != expectedVersion || experiments.get(id) != state) {
                    return Optional.empty();
                }
                String epoch = state.experiment == null ? newEpoch : state.experiment.epoch();
                long created = state.experiment == null ? clock.getAsLong() : state.experiment.createdMillis();
                state.experiment = new StoredExperiment(id, definition, current + 1, epoch, created);
                state.retired.clear();
                state.retired.addAll(retiredArms);
                state.decay = decay;
                return Optional.of(state.experiment);
            }
        });
    }

    @Override
    public Uni<Boolean> delete(String id) {
        return Uni.createFrom().item(() -> {
            ExperimentState state = experiments.remove(id);
            if (state == null) {
                return false;
            }
            synchronized (state) {
                state.callMicros = micros();
                boolean existed = state.experiment != null;
                state.experiment = null;
                return existed;
            }
        });
    }

    @Override
    public Uni<ExperimentStats> stats(String id) {
        return Uni.createFrom().item(() -> {
            ExperimentState state = experiments.get(id);
            if (state == null) {
                return ExperimentStats.EMPTY;
            }
            synchronized (state) {
                state.callMicros = micros();
                return snapshot(state);
            }
        });
    }

    @Override
    public Uni<List<BucketTotals>> history(String id, String epoch, Resolution level, long fromMillis,
            long endMillis) {
        return inEpoch(id, epoch, List.of(), state -> state.timeline.read(level, fromMillis, endMillis,
                clock.getAsLong()));
    }

    /**
     * Runs {@code update} holding the experiment's lock, if the experiment exists in the given epoch; otherwise
     * answers {@code stale}, as the Redis scripts do.
     */
    private <T> Uni<T> inEpoch(String id, String epoch, T stale, Function<ExperimentState, T> update) {
        return Uni.createFrom().item(() -> {
            ExperimentState state = experiments.get(id);
            if (state == null) {
                return stale;
            }
            synchronized (state) {
                state.callMicros = micros();
                if (state.experiment == null || !state.experiment.epoch().equals(epoch)) {
                    return stale;
                }
                return update.apply(state);
            }
        });
    }

    @Override
    public Uni<SelectionOutcome> recordSelection(Selection selection) {
        return inEpoch(selection.experiment(), selection.epoch(), SelectionOutcome.STALE, state -> {
            Assignment counted = selection.chosen();
            if (selection.sticky() != null) {
                counted = stickyAssignment(state, selection.sticky(), counted);
            }
            addPulls(state, counted.arm(), 1);
            if (selection.log() != null) {
                state.append(selection.log().counted(counted));
            }
            state.timeline.addDecision(selection.atMillis(), clock.getAsLong(), counted.arm(),
                    selection.allocation());
            UnitLevel unit = selection.unit();
            if (unit != null) {
                state.stats.addExposures(unit.key(), counted.arm(), 1, unit.covariates(), unit.metrics());
            }
            ExperimentStats stats = selection.returnStats() ? snapshot(state) : null;
            return new SelectionOutcome(true, counted, state.experiment.version(), stats);
        });
    }

    /** The unit's kept arm, or {@code chosen} when it has none (or its arm was retired), as select.lua does. */
    private Assignment stickyAssignment(ExperimentState state, Sticky sticky, Assignment chosen) {
        long generation = sticky.generation(clock.getAsLong());
        String currentKey = sticky.ttl().toSeconds() + ":" + generation;
        String previousKey = sticky.ttl().toSeconds() + ":" + (generation - 1);
        state.units.keySet().removeIf(key -> !key.equals(currentKey) && !key.equals(previousKey));
        Map<String, String> current = state.units.computeIfAbsent(currentKey, k -> new HashMap<>());
        String existing = current.get(sticky.unit());
        if (existing == null) {
            existing = state.units.getOrDefault(previousKey, Map.of()).get(sticky.unit());
        }
        if (existing != null && !state.retired.contains(Assignment.decode(existing).arm())) {
            current.put(sticky.unit(), existing);
            return Assignment.decode(existing);
        }
        current.put(sticky.unit(), chosen.encode());
        return chosen;
    }

    @Override
    public Uni<SelectionOutcome> recordPulls(PullBatch batch, boolean returnStats) {
        return inEpoch(batch.experiment(), batch.epoch(), SelectionOutcome.STALE, state -> {
            BatchSequence sequence = batch.sequence();
            if (sequence == null || state.appliedSequences.getOrDefault(sequence.replica(), 0L)
                    < sequence.number()) {
                if (sequence != null) {
                    state.appliedSequences.put(sequence.replica(), sequence.number());
                }
                batch.pulls().forEach((arm, count) -> addPulls(state, arm, count));
                batch.log().forEach(state::append);
                long now = clock.getAsLong();
                batch.buckets().forEach(bucket -> state.timeline.addBucket(bucket, now));
                batch.units().forEach((key, pull) -> state.stats.addExposures(key, pull.arm(), pull.exposures(),
                        pull.covariates(), batch.metrics()));
            }
            return new SelectionOutcome(true, null, state.experiment.version(),
                    returnStats ? snapshot(state) : null);
        });
    }

    @Override
    public Uni<Boolean> recordCovariates(String experiment, String epoch, List<TrackedMetric> metrics,
            Map<String, Map<String, Double>> covariates) {
        return inEpoch(experiment, epoch, false, state -> {
            covariates.forEach((key, values) -> state.stats.addCovariates(key, values, metrics));
            return true;
        });
    }

    @Override
    public Uni<RewardOutcome> recordReward(RewardRecord reward) {
        return inEpoch(reward.experiment(), reward.epoch(), RewardOutcome.STALE, state -> {
            RewardOutcome outcome = apply(state, reward);
            state.stats.flushLinear();
            return outcome;
        });
    }

    @Override
    public Uni<List<RewardOutcome>> recordRewards(List<RewardRecord> rewards) {
        return Uni.createFrom().item(() -> {
            ExperimentState state = experiments.get(rewards.get(0).experiment());
            List<RewardOutcome> outcomes = new ArrayList<>(rewards.size());
            if (state == null) {
                rewards.forEach(reward -> outcomes.add(RewardOutcome.STALE));
                return outcomes;
            }
            synchronized (state) {
                state.callMicros = micros();
                for (RewardRecord reward : rewards) {
                    boolean current = state.experiment != null && state.experiment.epoch().equals(reward.epoch());
                    outcomes.add(current ? apply(state, reward) : RewardOutcome.STALE);
                }
                state.stats.flushLinear();
            }
            return outcomes;
        });
    }

    /**
     * Applies a reward to an experiment of its epoch, its linear totals to the batch's sums; the caller holds the
     * experiment's lock and then flushes them ({@link MutableStats#flushLinear}), as the reward script does once per
     * batch.
     */
    private RewardOutcome apply(ExperimentState state, RewardRecord reward) {
        long now = clock.getAsLong();
        List<Boolean> applied = new ArrayList<>(reward.credits().size());
        Map<String, Double> credited = new java.util.LinkedHashMap<>();
        for (Credit credit : reward.credits()) {
            if (credit.token() != null) {
                Long until = state.rewardedUntil.get(credit.token());
                if (until != null && until > now) {
                    applied.add(false);
                    continue;
                }
                state.rewardedUntil.put(credit.token(), now + reward.dedupeMillis());
                if (++state.rewardsSincePurge >= 10_000) {
                    state.rewardedUntil.values().removeIf(expiry -> expiry <= now);
                    state.rewardsSincePurge = 0;
                }
            }
            state.stats.addValue(reward.arm(), credit.metric(), credit.value());
            if (state.decay != null) {
                state.decayed.addValue(state.decay, state.callMicros, reward.arm(), credit.metric(), credit.value());
            }
            if (reward.linear() != null && reward.linear().metric().equals(credit.metric())) {
                state.stats.addLinear(reward.linear().entry(reward.arm()), reward.linear().features(),
                        credit.value());
            }
            credited.put(credit.metric(), credit.value());
            if (reward.logged() && credit.token() != null) {
                state.append(new LogEntry.Reward(RewardRecord.decisionOf(credit.token()), now, reward.arm(),
                        credit.metric(), credit.value()));
            }
            applied.add(true);
        }
        if (reward.countsPull()) {
            addPulls(state, reward.arm(), 1);
        }
        state.timeline.addReward(reward.atMillis(), now, reward.arm(), reward.countsPull(), credited);
        if (reward.unitKey() != null && !credited.isEmpty()) {
            state.stats.addUnitValues(reward.unitKey(), reward.arm(), credited, reward.metrics());
        }
        return new RewardOutcome(true, applied);
    }

    /** Counts pulls, discounted too when the policy discounts; the caller holds the experiment's lock. */
    private void addPulls(ExperimentState state, String arm, long count) {
        state.stats.addPulls(arm, count);
        if (state.decay != null) {
            state.decayed.addPulls(state.decay, state.callMicros, arm, count);
        }
    }

    /** The statistics with the discounted sums decayed to now, as a read of Redis answers them. */
    private ExperimentStats snapshot(ExperimentState state) {
        return state.stats.snapshot(state.decayed.read(state.decay, state.callMicros));
    }

    /** The clock in microseconds, the unit of Redis' TIME in the scripts. */
    private long micros() {
        return clock.getAsLong() * 1000;
    }

    @Override
    public Uni<Map<String, RunningSequential>> sequentialResults(String id) {
        return Uni.createFrom().item(() -> {
            ExperimentState state = experiments.get(id);
            if (state == null) {
                return Map.of();
            }
            synchronized (state) {
                state.callMicros = micros();
                return Map.copyOf(state.sequential);
            }
        });
    }

    @Override
    public Uni<Boolean> mergeSequentialResults(String id, String epoch, Map<String, RunningSequential> results) {
        return inEpoch(id, epoch, false, state -> {
            results.forEach((key, result) -> state.sequential.merge(key, result,
                    (old, proposed) -> old.next(proposed.pValue(), proposed.interval())));
            return true;
        });
    }

    @Override
    public Uni<String> sharedSecret(String candidate) {
        return Uni.createFrom().item(() -> {
            synchronized (this) {
                if (secret == null) {
                    secret = candidate;
                }
                return secret;
            }
        });
    }

    @Override
    public Uni<Void> ping() {
        return Uni.createFrom().voidItem();
    }
}
