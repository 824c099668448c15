package dev.lever.store;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * A state store that counts the pulls of non-sticky selections in this process and adds them to the underlying
 * store in batches, one round trip per experiment at most every {@code flushInterval}: most selections then cost
 * no round trip at all. Everything else passes straight through.
 *
 * <p>Counts stay exact: a batch is taken out atomically per arm and put back if the store does not answer, so no
 * pull is dropped or counted twice while the process runs. Reads of an experiment's statistics through this store
 * first add its pending pulls, and shutdown adds them all. What a hard crash (a kill, a power loss) can lose is at
 * most one interval's pulls, never a reward: rewards are written through.
 */
public final class BufferedPulls extends ForwardingStateStore {

    private static final Logger LOG = Logger.getLogger(BufferedPulls.class);

    /**
     * The most units' exposures one script call adds. Each costs Redis about 10 to 30 microseconds of script time,
     * so a call never blocks Redis for long; a flush with more units sends them in further calls.
     */
    static final int MAX_UNITS_PER_CALL = 500;

    private final long flushNanos;
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    /** The pulls of one incarnation (epoch) of one experiment not yet in the store. */
    private static final class Pending {
        final String experiment;
        final String epoch;
        final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();
        /** Unit key to its exposures, for an experiment analysed per unit. */
        final ConcurrentHashMap<String, UnitPull> units = new ConcurrentHashMap<>();
        volatile List<TrackedMetric> metrics = List.of();
        final AtomicBoolean flushing = new AtomicBoolean();
        /** Completes when every flush started so far has finished, successfully or not. */
        final AtomicReference<CompletableFuture<Void>> flushed =
                new AtomicReference<>(CompletableFuture.completedFuture(null));
        volatile long lastFlushNanos = System.nanoTime();
        volatile long version;
        volatile boolean current = true;

        Pending(String experiment, String epoch) {
            this.experiment = experiment;
            this.epoch = epoch;
        }

        /** Takes every pending pull count and at most {@code maxUnits} units' exposures. */
        PullBatch drain(int maxUnits) {
            Map<String, Long> taken = new HashMap<>();
            counts.forEach((arm, count) -> {
                long n = count.getAndSet(0);
                if (n > 0) {
                    taken.put(arm, n);
                }
            });
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
            return new PullBatch(experiment, epoch, taken, takenUnits, metrics);
        }

        boolean hasPending() {
            return !units.isEmpty() || counts.values().stream().anyMatch(c -> c.get() > 0);
        }

        void putBack(PullBatch taken) {
            taken.pulls().forEach((arm, n) -> counts.computeIfAbsent(arm, a -> new AtomicLong()).addAndGet(n));
            // Put back before what arrived since: the earlier exposures keep their place (arm, covariates).
            taken.units().forEach((key, pull) -> units.merge(key, pull, (newer, older) -> older.plus(newer)));
        }
    }

    public BufferedPulls(StateStore delegate, Duration flushInterval) {
        super(delegate);
        this.flushNanos = flushInterval.toNanos();
        this.flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lever-pull-flusher");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, flushInterval.toMillis());
        flusher.scheduleWithFixedDelay(this::flushDue, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public Uni<SelectionOutcome> recordSelection(Selection selection) {
        if (selection.stickyUnit() != null) {
            return delegate.recordSelection(selection);
        }
        Pending p = pending.compute(selection.experiment(),
                (id, old) -> old != null && old.epoch.equals(selection.epoch()) ? old
                        : new Pending(id, selection.epoch()));
        if (!p.current) {
            return Uni.createFrom().item(SelectionOutcome.STALE);
        }
        Assignment chosen = selection.chosen();
        p.counts.computeIfAbsent(chosen.arm(), a -> new AtomicLong()).incrementAndGet();
        UnitLevel unit = selection.unit();
        if (unit != null) {
            p.metrics = unit.metrics();
            p.units.merge(unit.key(), new UnitPull(chosen.arm(), 1, unit.covariates()), UnitPull::plus);
        }
        if (selection.returnStats() || p.version == 0) {
            // A refresh, or the first selection of this incarnation here: add the pull counts now, and learn the
            // definition's version and whether the experiment still exists. Units' exposures are left to the
            // background flush, so that this selection waits for a small script only.
            return flush(p, selection.returnStats(), 0).map(outcome -> outcome.current()
                    ? new SelectionOutcome(true, chosen, outcome.version(), outcome.stats()) : outcome);
        }
        if (System.nanoTime() - p.lastFlushNanos >= flushNanos) {
            flushQuietly(p);
        }
        return Uni.createFrom().item(new SelectionOutcome(true, chosen, p.version, null));
    }

    private Uni<SelectionOutcome> flush(Pending p, boolean returnStats, int maxUnits) {
        PullBatch taken = p.drain(maxUnits);
        p.lastFlushNanos = System.nanoTime();
        if (taken.pulls().isEmpty() && taken.units().isEmpty() && !returnStats && p.version != 0) {
            return Uni.createFrom().item(new SelectionOutcome(p.current, null, p.version, null));
        }
        CompletableFuture<SelectionOutcome> done = delegate.recordPulls(taken, returnStats)
                .invoke(outcome -> {
                    if (outcome.current()) {
                        p.version = outcome.version();
                    } else {
                        p.current = false;
                        pending.remove(p.experiment, p);
                    }
                })
                .onFailure().invoke(failure -> p.putBack(taken))
                .subscribeAsCompletionStage();
        CompletableFuture<Void> settled = done.handle((outcome, failure) -> null);
        p.flushed.accumulateAndGet(settled, CompletableFuture::allOf);
        return Uni.createFrom().completionStage(done);
    }

    private void flushQuietly(Pending p) {
        if (p.flushing.compareAndSet(false, true)) {
            flushEverything(p).subscribe().with(outcome -> p.flushing.set(false), failure -> {
                p.flushing.set(false);
                LOG.warnf("Could not add buffered pulls of experiment '%s' to the store (kept for the next try): %s",
                        p.experiment, failure.getMessage());
            });
        }
    }

    private void flushDue() {
        long now = System.nanoTime();
        for (Pending p : pending.values()) {
            if (now - p.lastFlushNanos >= flushNanos && p.hasPending()) {
                flushQuietly(p);
            }
        }
    }

    /** Adds every pending pull and exposure, in calls of at most {@link #MAX_UNITS_PER_CALL} units. */
    private Uni<SelectionOutcome> flushEverything(Pending p) {
        return flush(p, false, MAX_UNITS_PER_CALL).chain(outcome -> outcome.current() && !p.units.isEmpty()
                ? flushEverything(p) : Uni.createFrom().item(outcome));
    }

    /** Adds every pending pull to the store, waiting at most {@code timeout}; for shutdown. */
    public void flushAll(Duration timeout) {
        flusher.shutdownNow();
        for (Pending p : pending.values()) {
            try {
                flushEverything(p).await().atMost(timeout);
            } catch (RuntimeException e) {
                PullBatch lost = p.drain(Integer.MAX_VALUE);
                LOG.errorf("Lost %s buffered pulls and %d units' exposures of experiment '%s' at shutdown: %s",
                        lost.pulls(), lost.units().size(), p.experiment,
                        e.getMessage());
            }
        }
    }

    /** Flushes the experiment's pending pulls and completes once every flush of them so far has finished. */
    private Uni<Void> flushExperiment(String id) {
        Pending p = pending.get(id);
        if (p == null) {
            return Uni.createFrom().voidItem();
        }
        return flushEverything(p)
                .chain(() -> Uni.createFrom().completionStage(p.flushed.get()))
                .replaceWithVoid();
    }

    @Override
    public Uni<ExperimentStats> stats(String id) {
        return flushExperiment(id).chain(() -> delegate.stats(id));
    }

    @Override
    public Uni<Boolean> delete(String id) {
        pending.remove(id);
        return delegate.delete(id);
    }
}
