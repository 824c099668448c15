package dev.lever.store;

import dev.lever.error.LeverException;
import dev.lever.history.ArmTotals;
import dev.lever.history.BucketTotals;
import dev.lever.history.Resolution;
import dev.lever.history.Resolutions;
import io.smallrye.mutiny.Uni;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A state store that counts the pulls of non-sticky selections in this process and adds them to the underlying
 * store in batches, one round trip per experiment at most every {@code flushInterval}: most selections then cost
 * no round trip at all. Everything else passes straight through.
 *
 * <p>Counts stay exact: a batch is taken out atomically per arm and sent until the store confirms it, so no pull is
 * dropped or counted twice while the process runs. An experiment's flushes run one after another, and each batch
 * carries this process's random replica id and a {@link BatchSequence sequence number}. A batch the store did not
 * confirm (no answer in time, though it may have applied it) stays the unconfirmed one and is sent again, exactly
 * and with its number, before anything newer is taken; the store skips a number it applied already. Merging it back
 * into the pending counts, as a plain retry would, counted it twice whenever only the reply was lost. Reads of an
 * experiment's statistics through this store first add its pending pulls, and shutdown adds them all. What a hard
 * crash (a kill, a power loss) can lose is at most its unflushed pulls (one interval's, or an outage's), never a
 * reward: rewards are written through.
 *
 * <p>While the store cannot be reached ({@link StoreAvailability#down()}), selections are answered without calling
 * it: their pulls are kept here, sticky ones as plain pull counts (the unit's earlier arm cannot be read, so the
 * chosen arm serves it and no assignment is stored), and the outcome says {@code degraded}. Pull counts are one
 * counter per arm and history bucket; units' exposures are bounded by {@code degradedBuffer}, beyond which a
 * selection of an experiment analysed per unit is served but not counted. A background probe pings the store every
 * {@link #PROBE_INTERVAL_MILLIS} ms during an outage, and the pulls kept are added once it answers.
 *
 * <p>History: pulls are kept per bucket of the finest history level, by the time of their selection, so a batch
 * that spans a bucket boundary (or an outage) is split correctly. Each decision also counts one more use of the
 * allocation it was drawn from (also for sticky selections, which are written through); a flush adds
 * {@code count x allocation} per distinct allocation, so the work per decision stays one increment whatever the
 * number of arms.
 *
 * <p>Decision log: the entries of an experiment that keeps a decision log wait here with its pulls and go with
 * the same batch (a sticky selection's entry too, with the arm its unit was counted in). They are bounded by
 * {@code logBuffer} across experiments: beyond it, and during an outage once it is full, a decision is served and
 * counted but left out of the log, and counted as a dropped entry ({@link StoreAvailability#droppedLogEntries()}).
 */
public final class BufferedPulls extends ForwardingStateStore {

    private static final Logger LOG = Logger.getLogger(BufferedPulls.class);

    /**
     * The most units' exposures one script call adds. Each costs Redis about 10 to 30 microseconds of script time,
     * so a call never blocks Redis for long; a flush with more units sends them in further calls.
     */
    static final int MAX_UNITS_PER_CALL = 500;

    /** The most decision log entries one script call appends (a few microseconds of script time each). */
    static final int MAX_LOG_PER_CALL = 1000;

    /** How often the store is probed during an outage. */
    static final long PROBE_INTERVAL_MILLIS = 100;

    /**
     * Allocation sums are added at most once a second (and before every read of the experiment's statistics or
     * history): each is one field per arm and bucket, which with a thousand arms is worth sending once a second but
     * not every few milliseconds. A bucket's decisions travel with its sums, so their ratio is right at every read.
     */
    static final long ALLOCATION_FLUSH_NANOS = 1_000_000_000L;

    private final long flushNanos;
    private final long bucketMillis;
    private final boolean history;
    private final StoreAvailability availability;
    private final int degradedBuffer;
    private final int logBuffer;
    /** Decision log entries held in this replica, across experiments. */
    private final AtomicInteger heldLog = new AtomicInteger();
    private final AtomicBoolean probing = new AtomicBoolean();
    /** This process's id in the store's record of applied batches ({@link BatchSequence}); random per start. */
    private final String replica = newReplicaId();
    /** The last sequence number given to a batch, across experiments: numbers never repeat in this process. */
    private final AtomicLong sequences = new AtomicLong();
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    /**
     * One finest-level history bucket's pending pulls per arm. Touched only inside its map's {@code compute}, which
     * locks the entry, so taking it out with {@code remove} can lose no increment.
     */
    private static final class PendingPulls {
        final Map<String, long[]> pulls = new HashMap<>();

        void add(String arm, long n) {
            pulls.computeIfAbsent(arm, a -> new long[1])[0] += n;
        }
    }

    /**
     * One finest-level history bucket's pending allocations: decisions counted per allocation they were drawn from
     * (one increment per decision). Touched only inside its map's {@code compute}, like {@link PendingPulls}.
     */
    private static final class PendingAllocations {
        final Map<Allocation, long[]> decisions = new IdentityHashMap<>();

        /** Each arm's allocation sum: {@code count x allocation} per distinct allocation, one pass over its arms. */
        Map<String, Double> sums() {
            Map<String, Double> all = new HashMap<>();
            decisions.forEach((allocation, count) -> allocation.addTo(all, count[0]));
            return all;
        }

        long decisions() {
            long n = 0;
            for (long[] count : decisions.values()) {
                n += count[0];
            }
            return n;
        }
    }

    /**
     * One flush of an experiment: the first caller's wishes, widened by every caller that comes while it waits for
     * the flush in flight (its batch then holds their pulls too), and the outcome they all wait for.
     */
    private static final class Flush {
        final CompletableFuture<SelectionOutcome> done = new CompletableFuture<>();
        boolean returnStats;
        int maxUnits;
        boolean allAllocations;

        Flush(boolean returnStats, int maxUnits, boolean allAllocations) {
            widen(returnStats, maxUnits, allAllocations);
        }

        void widen(boolean stats, int units, boolean allocations) {
            returnStats |= stats;
            maxUnits = Math.max(maxUnits, units);
            allAllocations |= allocations;
        }
    }

    /** The pulls of one incarnation (epoch) of one experiment not yet in the store. */
    private final class Pending {
        final String experiment;
        final String epoch;
        /** By the start of their bucket of the finest history level (a single bucket when history is off). */
        final ConcurrentHashMap<Long, PendingPulls> pulls = new ConcurrentHashMap<>();
        /** By bucket like {@link #pulls}; added at most every {@link #ALLOCATION_FLUSH_NANOS}, see there. */
        final ConcurrentHashMap<Long, PendingAllocations> allocations = new ConcurrentHashMap<>();
        /** Unit key to its exposures, for an experiment analysed per unit. */
        final ConcurrentHashMap<String, UnitPull> units = new ConcurrentHashMap<>();
        /** Decision log entries in the order they were made; every access holds its monitor. */
        final ArrayDeque<LogEntry.Decision> log = new ArrayDeque<>();
        volatile List<TrackedMetric> metrics = List.of();
        /** Whether a background flush is running or waiting; one at a time. */
        final AtomicBoolean flushing = new AtomicBoolean();
        /** Whether a flush is sending; guarded by this object's monitor, like {@link #queued}. */
        boolean inFlight;
        /** The flush that waits for the one in flight, which callers join, or null. */
        Flush queued;
        /**
         * A batch the store did not confirm: sent again, unchanged, before anything newer is taken. Written and read
         * by the one flush running; read at metrics scrapes and at shutdown.
         */
        volatile PullBatch unconfirmed;
        volatile long lastFlushNanos = System.nanoTime();
        volatile long lastAllocationNanos = System.nanoTime();
        volatile long version;
        volatile boolean current = true;

        Pending(String experiment, String epoch) {
            this.experiment = experiment;
            this.epoch = epoch;
        }

        long bucketOf(long atMillis) {
            return Math.floorDiv(atMillis, bucketMillis) * bucketMillis;
        }

        void addPull(long atMillis, String arm) {
            pulls.compute(bucketOf(atMillis), (start, bucket) -> {
                PendingPulls counted = bucket == null ? new PendingPulls() : bucket;
                counted.add(arm, 1);
                return counted;
            });
        }

        void addAllocation(long atMillis, Allocation allocation) {
            if (allocation == null || !history) {
                return;
            }
            allocations.compute(bucketOf(atMillis), (start, bucket) -> {
                PendingAllocations counted = bucket == null ? new PendingAllocations() : bucket;
                counted.decisions.computeIfAbsent(allocation, a -> new long[1])[0]++;
                return counted;
            });
        }

        boolean allocationsDue(long nowNanos) {
            return !allocations.isEmpty() && nowNanos - lastAllocationNanos >= ALLOCATION_FLUSH_NANOS;
        }

        /**
         * Takes every pending pull, at most {@code maxUnits} units' exposures, and, when {@code withAllocations},
         * every pending allocation.
         */
        PullBatch drain(int maxUnits, boolean withAllocations) {
            Map<Long, Map<String, ArmTotals>> arms = new TreeMap<>();
            Map<Long, Long> decisions = new HashMap<>();
            for (Long start : pulls.keySet()) {
                PendingPulls taken = pulls.remove(start);
                if (taken != null) {
                    Map<String, ArmTotals> bucket = arms.computeIfAbsent(start, s -> new HashMap<>());
                    taken.pulls.forEach((arm, n) -> bucket.put(arm, new ArmTotals(n[0], 0.0, Map.of())));
                }
            }
            if (withAllocations) {
                lastAllocationNanos = System.nanoTime();
                for (Long start : allocations.keySet()) {
                    PendingAllocations taken = allocations.remove(start);
                    if (taken != null) {
                        Map<String, ArmTotals> bucket = arms.computeIfAbsent(start, s -> new HashMap<>());
                        taken.sums().forEach((arm, sum) -> bucket.merge(arm, new ArmTotals(0, sum, Map.of()),
                                ArmTotals::plus));
                        decisions.put(start, taken.decisions());
                    }
                }
            }
            List<BucketTotals> buckets = new ArrayList<>();
            arms.forEach((start, bucket) -> buckets.add(new BucketTotals(start, decisions.getOrDefault(start, 0L),
                    bucket)));
            Map<String, UnitPull> takenUnits = new HashMap<>();
            for (String key : units.keySet()) {
                if (takenUnits.size() >= maxUnits) {
                    break;
                }
                UnitPull pull = units.remove(key);
                if (pull != null) {
                    takenUnits.put(key, pull);
                }
            }
            List<LogEntry.Decision> takenLog = new ArrayList<>();
            synchronized (log) {
                while (takenLog.size() < MAX_LOG_PER_CALL && !log.isEmpty()) {
                    takenLog.add(log.poll());
                }
            }
            return new PullBatch(experiment, epoch, buckets, takenUnits, metrics, takenLog);
        }

        /** The store applied the batch (or had applied it): its log entries are no longer held here. */
        void confirmed(PullBatch batch) {
            if (unconfirmed == batch) {
                unconfirmed = null;
            }
            heldLog.addAndGet(-batch.log().size());
        }

        void addLog(LogEntry.Decision entry) {
            if (heldLog.incrementAndGet() > logBuffer) {
                heldLog.decrementAndGet();
                availability.droppedLogEntries(1, "more than lever.decision-log.buffer=" + logBuffer
                        + " entries waiting to be written");
                return;
            }
            synchronized (log) {
                log.add(entry);
            }
        }

        /** Forgets the held log entries of an experiment deleted or recreated since. */
        void discardLog() {
            PullBatch dropped = unconfirmed;
            unconfirmed = null;
            if (dropped != null) {
                heldLog.addAndGet(-dropped.log().size());
            }
            synchronized (log) {
                heldLog.addAndGet(-log.size());
                log.clear();
            }
        }

        boolean hasLog() {
            synchronized (log) {
                return !log.isEmpty();
            }
        }

        boolean hasPending(long nowNanos) {
            return !units.isEmpty() || !pulls.isEmpty() || hasLog() || allocationsDue(nowNanos);
        }
    }

    public BufferedPulls(StateStore delegate, Duration flushInterval) {
        this(delegate, flushInterval, new StoreAvailability(), 100_000, Resolutions.DEFAULT);
    }

    public BufferedPulls(StateStore delegate, Duration flushInterval, StoreAvailability availability,
            int degradedBuffer, Resolutions history) {
        this(delegate, flushInterval, availability, degradedBuffer, history, 100_000);
    }

    /**
     * @param availability shared with the store underneath, which reports its answers and failures to it
     * @param degradedBuffer the most units' exposures kept during an outage
     * @param history the history levels the store keeps: pulls are buffered per bucket of the finest
     * @param logBuffer the most decision log entries held, across experiments
     */
    public BufferedPulls(StateStore delegate, Duration flushInterval, StoreAvailability availability,
            int degradedBuffer, Resolutions history, int logBuffer) {
        super(delegate);
        this.logBuffer = logBuffer;
        this.availability = availability;
        this.degradedBuffer = degradedBuffer;
        this.history = history.enabled();
        this.bucketMillis = history.enabled() ? history.finest().sizeMillis() : Long.MAX_VALUE;
        this.flushNanos = flushInterval.toNanos();
        this.flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lever-pull-flusher");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, flushInterval.toMillis());
        flusher.scheduleWithFixedDelay(this::flushDue, period, period, TimeUnit.MILLISECONDS);
        flusher.scheduleWithFixedDelay(this::probeIfDown, PROBE_INTERVAL_MILLIS, PROBE_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** What this replica knows of the store's reachability. */
    public StoreAvailability availability() {
        return availability;
    }

    /** The store could not be reached: the one kind of failure a selection survives, degraded. */
    private static boolean unreachable(Throwable failure) {
        return failure instanceof LeverException e && e.kind() == LeverException.Kind.UNAVAILABLE;
    }

    private static String newReplicaId() {
        byte[] id = new byte[12];
        new SecureRandom().nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    private Pending pendingOf(String experiment, String epoch) {
        Pending[] replaced = {null};
        Pending p = pending.compute(experiment, (id, old) -> {
            if (old != null && old.epoch.equals(epoch)) {
                return old;
            }
            replaced[0] = old;
            return new Pending(id, epoch);
        });
        if (replaced[0] != null) {
            // An earlier incarnation: the store refuses its pulls, so its held log entries no longer count.
            replaced[0].discardLog();
        }
        return p;
    }

    private static void count(Pending p, Selection selection) {
        Assignment chosen = selection.chosen();
        p.addPull(selection.atMillis(), chosen.arm());
        p.addAllocation(selection.atMillis(), selection.allocation());
        if (selection.log() != null) {
            p.addLog(selection.log());
        }
        UnitLevel unit = selection.unit();
        if (unit != null) {
            p.metrics = unit.metrics();
            p.units.merge(unit.key(), new UnitPull(chosen.arm(), 1, unit.covariates()), UnitPull::plus);
        }
    }

    @Override
    public Uni<SelectionOutcome> recordSelection(Selection selection) {
        if (availability.down()) {
            return Uni.createFrom().item(keepDuringOutage(selection));
        }
        if (selection.sticky() != null) {
            // Written through; its allocation waits here for the next batch, so the script gets one arm, not all.
            return delegate.recordSelection(selection.withoutAllocation())
                    .invoke(outcome -> {
                        if (outcome.current()) {
                            Pending p = pendingOf(selection.experiment(), selection.epoch());
                            p.addAllocation(selection.atMillis(), selection.allocation());
                            if (selection.log() != null) {
                                p.addLog(selection.log().counted(outcome.assignment()));
                            }
                        }
                    })
                    .onFailure(BufferedPulls::unreachable).recoverWithItem(failure -> {
                        availability.failed(failure);
                        return keepDuringOutage(selection);
                    });
        }
        Pending p = pendingOf(selection.experiment(), selection.epoch());
        if (!p.current) {
            return Uni.createFrom().item(SelectionOutcome.STALE);
        }
        Assignment chosen = selection.chosen();
        count(p, selection);
        if (selection.returnStats() || p.version == 0) {
            // A refresh, or the first selection of this incarnation here: add the pull counts now, and learn the
            // definition's version and whether the experiment still exists. Units' exposures are left to the
            // background flush, so that this selection waits for a small script only. If the store cannot be
            // reached, the pull waits in the unconfirmed batch and the selection is served degraded.
            return flush(p, selection.returnStats(), 0, false)
                    .map(outcome -> outcome.current()
                            ? new SelectionOutcome(true, chosen, outcome.version(), outcome.stats()) : outcome)
                    .onFailure(BufferedPulls::unreachable).recoverWithItem(() -> {
                        availability.buffered();
                        return SelectionOutcome.degraded(chosen);
                    });
        }
        if (System.nanoTime() - p.lastFlushNanos >= flushNanos) {
            flushQuietly(p);
        }
        return Uni.createFrom().item(new SelectionOutcome(true, chosen, p.version, null));
    }

    /**
     * Keeps a selection's pull while the store cannot be reached, as a plain pull (a sticky unit's assignment is
     * not stored), unless it needs a unit's exposure and the buffer already holds {@code degradedBuffer} units.
     */
    private SelectionOutcome keepDuringOutage(Selection selection) {
        Pending p = pendingOf(selection.experiment(), selection.epoch());
        if (!p.current) {
            return SelectionOutcome.STALE;
        }
        UnitLevel unit = selection.unit();
        if (unit != null && !p.units.containsKey(unit.key()) && heldUnits() >= degradedBuffer) {
            availability.dropped(degradedBuffer);
        } else {
            count(p, selection);
            availability.buffered();
        }
        return SelectionOutcome.degraded(selection.chosen());
    }

    /** Pulls counted in this replica and not yet added to the store; read at each metrics scrape. */
    public long bufferedPulls() {
        long[] held = {0};
        for (Pending p : pending.values()) {
            PullBatch unconfirmed = p.unconfirmed;
            if (unconfirmed != null) {
                unconfirmed.pulls().values().forEach(count -> held[0] += count);
            }
            for (Long bucket : p.pulls.keySet()) {
                // Inside the map's compute, as every other access to a bucket's pulls.
                p.pulls.computeIfPresent(bucket, (start, bucketPulls) -> {
                    bucketPulls.pulls.values().forEach(count -> held[0] += count[0]);
                    return bucketPulls;
                });
            }
        }
        return held[0];
    }

    /** Units' exposures held in this replica; computed only during an outage. */
    private long heldUnits() {
        long held = 0;
        for (Pending p : pending.values()) {
            PullBatch unconfirmed = p.unconfirmed;
            held += p.units.size() + (unconfirmed == null ? 0 : unconfirmed.units().size());
        }
        return held;
    }

    @Override
    public Uni<SelectionOutcome> refresh(String experiment, String epoch, List<TrackedMetric> metrics) {
        if (availability.down()) {
            return Uni.createFrom().item(SelectionOutcome.degraded(null));
        }
        Pending p = pendingOf(experiment, epoch);
        if (!p.current) {
            return Uni.createFrom().item(SelectionOutcome.STALE);
        }
        return flush(p, true, 0, false).onFailure(BufferedPulls::unreachable)
                .recoverWithItem(() -> SelectionOutcome.degraded(null));
    }

    /** During an outage, one ping at a time; its answer ends the outage, and the next flushes add what was kept. */
    private void probeIfDown() {
        if (!availability.down() || !probing.compareAndSet(false, true)) {
            return;
        }
        delegate.ping().subscribe().with(ok -> {
            probing.set(false);
            availability.answered();
        }, failure -> probing.set(false));
    }

    /**
     * Adds the experiment's pending pulls to the store, after every flush of it already started: at most one batch of
     * an experiment is in flight, so the store sees its sequence numbers in order. A caller that comes while a flush
     * waits joins it. Nothing here blocks: the next flush starts from the completion of the one before.
     *
     * @param allAllocations whether to add every pending allocation; otherwise they are added when
     *     {@link #ALLOCATION_FLUSH_NANOS} have passed since they last were
     */
    private Uni<SelectionOutcome> flush(Pending p, boolean returnStats, int maxUnits, boolean allAllocations) {
        Flush flush;
        boolean start = false;
        synchronized (p) {
            if (p.queued != null) {
                p.queued.widen(returnStats, maxUnits, allAllocations);
                flush = p.queued;
            } else {
                flush = new Flush(returnStats, maxUnits, allAllocations);
                if (p.inFlight) {
                    p.queued = flush;
                } else {
                    p.inFlight = true;
                    start = true;
                }
            }
        }
        if (start) {
            run(p, flush);
        }
        // A copy per caller: a caller that cancels (a client gone) must not cancel the flush the others wait for.
        CompletableFuture<SelectionOutcome> done = flush.done;
        return Uni.createFrom().completionStage(done::copy);
    }

    /** Sends one flush; when it settles, starts the one that waited for it. */
    private void run(Pending p, Flush flush) {
        Uni<SelectionOutcome> sent;
        try {
            sent = send(p, flush);
        } catch (RuntimeException e) {
            sent = Uni.createFrom().failure(e);
        }
        sent.subscribe().with(outcome -> settle(p, flush, outcome, null), failure -> settle(p, flush, null, failure));
    }

    private void settle(Pending p, Flush flush, SelectionOutcome outcome, Throwable failure) {
        Flush next;
        synchronized (p) {
            next = p.queued;
            p.queued = null;
            p.inFlight = next != null;
        }
        if (failure == null) {
            flush.done.complete(outcome);
        } else {
            flush.done.completeExceptionally(failure);
        }
        if (next != null) {
            run(p, next);
        }
    }

    /** The unconfirmed batch again, if there is one, and once the store has it, a new batch of what accumulated. */
    private Uni<SelectionOutcome> send(Pending p, Flush flush) {
        PullBatch unconfirmed = p.unconfirmed;
        if (unconfirmed == null) {
            return sendNew(p, flush);
        }
        return record(p, unconfirmed, false).chain(outcome -> outcome.current() ? sendNew(p, flush)
                : Uni.createFrom().item(outcome));
    }

    private Uni<SelectionOutcome> sendNew(Pending p, Flush flush) {
        long now = System.nanoTime();
        PullBatch taken = p.drain(flush.maxUnits, flush.allAllocations || p.allocationsDue(now));
        p.lastFlushNanos = now;
        if (taken.isEmpty()) {
            if (!flush.returnStats && p.version != 0) {
                return Uni.createFrom().item(new SelectionOutcome(p.current, null, p.version, null));
            }
            // Nothing to count, so nothing to count twice: no sequence number.
            return record(p, taken, flush.returnStats);
        }
        return record(p, taken.sequenced(new BatchSequence(replica, sequences.incrementAndGet())),
                flush.returnStats);
    }

    /** Sends a batch; if the store does not confirm it, it becomes the unconfirmed batch. */
    private Uni<SelectionOutcome> record(Pending p, PullBatch batch, boolean returnStats) {
        return delegate.recordPulls(batch, returnStats)
                .invoke(outcome -> {
                    p.confirmed(batch);
                    if (outcome.current()) {
                        p.version = outcome.version();
                    } else {
                        p.current = false;
                        pending.remove(p.experiment, p);
                        p.discardLog();
                    }
                })
                .onFailure().invoke(failure -> {
                    if (!batch.isEmpty()) {
                        p.unconfirmed = batch;
                    }
                    if (unreachable(failure)) {
                        availability.failed(failure);
                    }
                });
    }

    private void flushQuietly(Pending p) {
        if (p.flushing.compareAndSet(false, true)) {
            flushEverything(p, false).subscribe().with(outcome -> p.flushing.set(false), failure -> {
                p.flushing.set(false);
                if (unreachable(failure)) {
                    return; // an outage: logged once when it starts and once when it ends
                }
                LOG.warnf("Could not add buffered pulls of experiment '%s' to the store (kept for the next try): %s",
                        p.experiment, failure.getMessage());
            });
        }
    }

    private void flushDue() {
        if (availability.down()) {
            return;
        }
        long now = System.nanoTime();
        for (Pending p : pending.values()) {
            if (now - p.lastFlushNanos >= flushNanos && p.hasPending(now)) {
                flushQuietly(p);
            }
        }
    }

    /**
     * Adds every pending pull and exposure, in calls of at most {@link #MAX_UNITS_PER_CALL} units, and the pending
     * allocations when they are due or {@code allAllocations}.
     */
    private Uni<SelectionOutcome> flushEverything(Pending p, boolean allAllocations) {
        return flush(p, false, MAX_UNITS_PER_CALL, allAllocations).chain(outcome -> outcome.current()
                && (!p.units.isEmpty() || p.hasLog()) ? flushEverything(p, allAllocations)
                : Uni.createFrom().item(outcome));
    }

    /** Adds every pending pull to the store, waiting at most {@code timeout}; for shutdown. */
    public void flushAll(Duration timeout) {
        flusher.shutdownNow();
        for (Pending p : pending.values()) {
            try {
                flushEverything(p, true).await().atMost(timeout);
            } catch (RuntimeException e) {
                PullBatch lost = p.drain(Integer.MAX_VALUE, true);
                PullBatch lostLog = p.drain(0, false);
                PullBatch unconfirmed = p.unconfirmed;
                LOG.errorf("Lost %s buffered pulls, %d units' exposures and %d+ decision log entries of experiment "
                        + "'%s' at shutdown, and %s pulls the store may or may not have added: %s", lost.pulls(),
                        lost.units().size(), lost.log().size() + lostLog.log().size(), p.experiment,
                        unconfirmed == null ? Map.of() : unconfirmed.pulls(), e.getMessage());
            }
        }
    }

    /**
     * Flushes the experiment's pending pulls; completes once every flush of them so far has finished, as flushes run
     * in order.
     */
    private Uni<Void> flushExperiment(String id) {
        Pending p = pending.get(id);
        if (p == null) {
            return Uni.createFrom().voidItem();
        }
        return flushEverything(p, true).replaceWithVoid();
    }

    @Override
    public Uni<ExperimentStats> stats(String id) {
        return unlessDown(() -> flushExperiment(id).chain(() -> delegate.stats(id)));
    }

    @Override
    public Uni<List<BucketTotals>> history(String id, String epoch, Resolution level, long fromMillis,
            long endMillis) {
        return unlessDown(() -> flushExperiment(id).chain(() -> delegate.history(id, epoch, level, fromMillis,
                endMillis)));
    }

    @Override
    public Uni<List<LoggedEntry>> decisionLog(String id, String after, int count) {
        return unlessDown(() -> flushExperiment(id).chain(() -> delegate.decisionLog(id, after, count)));
    }

    @Override
    public Uni<Optional<StoredExperiment>> find(String id) {
        return unlessDown(() -> delegate.find(id));
    }

    @Override
    public Uni<RewardOutcome> recordReward(RewardRecord reward) {
        return unlessDown(() -> delegate.recordReward(reward));
    }

    @Override
    public Uni<String> sharedSecret(String candidate) {
        return unlessDown(() -> delegate.sharedSecret(candidate));
    }

    /** During an outage, a call that needs the store fails at once instead of waiting for its timeout. */
    private <T> Uni<T> unlessDown(Supplier<Uni<T>> call) {
        if (availability.down()) {
            return Uni.createFrom().failure(LeverException.unavailable("Redis did not answer: unreachable, "
                    + "probed every " + PROBE_INTERVAL_MILLIS + " ms"));
        }
        return call.get();
    }

    @Override
    public Uni<Boolean> delete(String id) {
        Pending removed = pending.remove(id);
        if (removed != null) {
            removed.discardLog();
        }
        return delegate.delete(id);
    }
}
