package dev.lever.decision;

import dev.lever.context.Features;
import dev.lever.experiment.Experiment;
import dev.lever.experiment.VersionedExperiment;
import dev.lever.observability.ExperimentSeries;
import dev.lever.policy.Allocations;
import dev.lever.policy.Choice;
import dev.lever.policy.CommonNormals;
import dev.lever.policy.ContextualPolicy;
import dev.lever.policy.LinearArm;
import dev.lever.policy.HashSplit;
import dev.lever.policy.SplittableRng;
import dev.lever.store.Allocation;
import dev.lever.store.ExperimentStats;
import dev.lever.store.SelectionOutcome;
import dev.lever.store.TrackedMetric;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * An experiment as this replica serves it: the definition it read, the latest statistics snapshot, and the
 * policy's allocation, from which decisions are drawn. A snapshot is refreshed together with the definition's
 * version, so a decision made on a snapshot younger than {@code lever.decision.stats-refresh} uses a definition
 * whose version was checked no longer ago than that.
 *
 * <p>The allocation is recomputed when a new snapshot arrives. Where that is cheap (every policy but Thompson
 * sampling over many arms, whose allocation is a Monte-Carlo estimate) it happens at once, on the caller's
 * thread. Where one computation takes longer than {@link #SYNC_LIMIT_NANOS}, it moves to a background thread
 * and decisions keep drawing from the previous allocation meanwhile; and it runs at most once per ten of its own
 * durations, so that one experiment never takes more than a tenth of a core. The propensity returned is always
 * the probability of the allocation that produced the decision.
 *
 * <p>A contextual policy's allocation depends on the request's context: each arm's posterior ({@link LinearArm}, a
 * Cholesky decomposition per arm, some milliseconds for ten arms of dimension 32) is computed once per snapshot, on
 * the background thread but for the first, and the allocation for the context per request, from the newest
 * posteriors computed. A decision's propensity is the probability its allocation gave it either way.
 */
final class LiveExperiment {

    static final long SYNC_LIMIT_NANOS = 1_000_000;
    /** How long after its last decision drawn from a stale snapshot an experiment counts in the snapshot-age gauge. */
    static final long STALE_USE_WINDOW_NANOS = 60_000_000_000L;

    private final VersionedExperiment versioned;
    private final String[] activeArmIds;
    private final List<String> activeArmIdList;
    private final long[] activeArmKeys;
    private final List<TrackedMetric> trackedMetrics;
    private final Executor background;
    private final ExperimentSeries series;
    private final AtomicBoolean computing = new AtomicBoolean();
    /** The statistics refresh in flight, or {@code null}: one at a time per experiment and replica. */
    private final AtomicReference<CompletableFuture<SelectionOutcome>> refreshing = new AtomicReference<>();
    private volatile Snapshot snapshot;
    private volatile Snapshot allocatedFrom;
    private volatile Computed allocation;
    /** A contextual policy's posteriors and the snapshot they were computed from. */
    private volatile Posteriors posteriors;
    private final AtomicBoolean computingPosteriors = new AtomicBoolean();
    private volatile long lastStartNanos;
    private volatile long lastDurationNanos;
    /** When a decision was last drawn from a snapshot older than the refresh interval; MIN_VALUE: never. */
    private volatile long lastStaleUseNanos = Long.MIN_VALUE;

    LiveExperiment(VersionedExperiment versioned, ExperimentStats stats, long nowNanos, Executor background,
            ExperimentSeries series) {
        this.versioned = versioned;
        this.background = background;
        this.series = series;
        this.activeArmIds = versioned.experiment().activeArms().stream().map(a -> a.id()).toArray(String[]::new);
        this.activeArmIdList = List.of(activeArmIds);
        this.activeArmKeys = new long[activeArmIds.length];
        for (int i = 0; i < activeArmIds.length; i++) {
            activeArmKeys[i] = HashSplit.armKey(activeArmIds[i]);
        }
        this.trackedMetrics = versioned.experiment().metrics().stream()
                .map(m -> new TrackedMetric(m.id(), m.kind() == dev.lever.policy.RewardKind.BINARY)).toList();
        this.snapshot = Snapshot.of(versioned.experiment(), stats, nowNanos);
    }

    /** The metrics whose unit-level moments the store keeps for this experiment. */
    List<TrackedMetric> trackedMetrics() {
        return trackedMetrics;
    }

    VersionedExperiment versioned() {
        return versioned;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    /** The counters of this definition's arms. */
    ExperimentSeries series() {
        return series;
    }

    /** A decision was drawn from a snapshot older than the refresh interval (the store did not answer). */
    void servedStale(long nowNanos) {
        lastStaleUseNanos = nowNanos;
    }

    /**
     * The age of the snapshot if decisions may be drawn from it: it is younger than {@code freshNanos}, or a decision
     * was drawn from it stale within {@link #STALE_USE_WINDOW_NANOS}; else 0. An idle experiment's snapshot ages
     * without serving anything (the next decision refreshes it first), so it does not count.
     */
    long servedAgeNanos(long nowNanos, long freshNanos) {
        long age = snapshot.ageNanos(nowNanos);
        long staleUse = lastStaleUseNanos;
        boolean servedStale = staleUse != Long.MIN_VALUE && nowNanos - staleUse < STALE_USE_WINDOW_NANOS;
        return age < freshNanos || servedStale ? age : 0;
    }

    /**
     * The statistics refresh in flight, or {@code null} after making {@code mine} the one in flight: the caller
     * must then run it and call {@link #refreshed}.
     */
    CompletableFuture<SelectionOutcome> joinRefresh(CompletableFuture<SelectionOutcome> mine) {
        return refreshing.compareAndExchange(null, mine);
    }

    /** Ends the refresh in flight; {@code stats} (when not {@code null}) become the snapshot, as of {@code startNanos}. */
    void refreshed(ExperimentStats stats, long startNanos) {
        if (stats != null) {
            snapshot = Snapshot.of(versioned.experiment(), stats, startNanos);
        }
        refreshing.set(null);
    }

    /** One allocation over the active arms, with the form the store's history counts decisions by. */
    private record Computed(double[] weights, Allocation allocation) {
    }

    /**
     * A decision and the allocation it was drawn from.
     *
     * @param choice the active arm's index and its propensity
     * @param allocation the allocation, shared by every decision drawn from it
     */
    record Draw(Choice choice, Allocation allocation) {
    }

    /**
     * Each active arm's posterior, as of one snapshot, and the standard normal draws every allocation over them
     * shares (see {@link CommonNormals}).
     */
    private record Posteriors(Snapshot from, LinearArm[] arms, double[] normals) {

        static Posteriors of(Snapshot from, ContextualPolicy policy, RandomGenerator rng) {
            LinearArm[] arms = policy.posteriors(from.linear());
            return new Posteriors(from, arms, CommonNormals.draw(policy.gaussiansPerAllocation(arms.length), rng));
        }
    }

    /**
     * The decision of a contextual policy for the request's features, drawn from the policy's allocation for them:
     * the propensity is the probability that allocation gave the arm.
     */
    Draw choose(ContextualPolicy policy, Features features, RandomGenerator rng) {
        Posteriors ready = posteriors(policy, rng);
        double[] weights = policy.allocation(ready.arms(), features.dense(), new CommonNormals(ready.normals(), rng));
        return new Draw(Allocations.choose(weights, rng), new Allocation(activeArmIdList, weights));
    }

    /** The posteriors of the latest snapshot, or the previous ones while the background thread computes them. */
    private Posteriors posteriors(ContextualPolicy policy, RandomGenerator rng) {
        Posteriors ready = posteriors;
        if (ready == null) {
            synchronized (this) {
                if (posteriors == null) {
                    posteriors = Posteriors.of(snapshot, policy, rng);
                }
                return posteriors;
            }
        }
        if (ready.from() != snapshot && computingPosteriors.compareAndSet(false, true)) {
            long seed = rng.nextLong();
            background.execute(() -> {
                try {
                    posteriors = Posteriors.of(snapshot, policy, new SplittableRng(seed));
                } finally {
                    computingPosteriors.set(false);
                }
            });
        }
        return ready;
    }

    /**
     * The decision for a request: by the unit's hash under a user or session split, else drawn at random.
     *
     * @param unitHash the unit's hash ({@link HashSplit#unitHash}) under a user or session split, else ignored
     */
    Draw choose(long unitHash, RandomGenerator rng) {
        Computed computed = allocation(rng);
        double[] weights = computed.weights();
        if (versioned.experiment().split().hashed()) {
            int arm = HashSplit.assign(unitHash, activeArmKeys, weights);
            return new Draw(new Choice(arm, weights[arm]), computed.allocation());
        }
        return new Draw(Allocations.choose(weights, rng), computed.allocation());
    }

    String armId(Choice choice) {
        return activeArmIds[choice.arm()];
    }

    /** The allocation over the active arms for the latest snapshot, or the previous one while it is computed. */
    private Computed allocation(RandomGenerator rng) {
        Snapshot current = snapshot;
        Computed latest = allocation;
        if (latest != null && allocatedFrom == current) {
            return latest;
        }
        if (latest == null) {
            synchronized (this) {
                if (allocation == null) {
                    compute(current, rng);
                }
                return allocation;
            }
        }
        if (lastDurationNanos < SYNC_LIMIT_NANOS) {
            compute(current, rng);
            return allocation;
        }
        long now = System.nanoTime();
        if (now - lastStartNanos >= 10 * lastDurationNanos && computing.compareAndSet(false, true)) {
            long seed = rng.nextLong();
            background.execute(() -> {
                try {
                    compute(snapshot, new SplittableRng(seed));
                } finally {
                    computing.set(false);
                }
            });
        }
        return latest;
    }

    private void compute(Snapshot from, RandomGenerator rng) {
        Experiment experiment = versioned.experiment();
        long start = System.nanoTime();
        double[] computed = experiment.policy().allocation(from.stats(), experiment.reward(), rng);
        long end = System.nanoTime();
        lastStartNanos = start;
        lastDurationNanos = end - start;
        allocation = new Computed(computed, new Allocation(activeArmIdList, computed));
        allocatedFrom = from;
    }
}
