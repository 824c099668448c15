package dev.lever.store;

import dev.lever.history.BucketTotals;
import dev.lever.history.Resolution;
import dev.lever.stats.RunningSequential;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where experiments and their statistics live. Every update is atomic, so any number of service replicas can share
 * one store; the hot-path operations ({@link #recordSelection}, {@link #recordReward}) take one round trip each.
 */
public interface StateStore {

    /** The experiment with this id, if it exists. */
    Uni<Optional<StoredExperiment>> find(String id);

    /** Every experiment, ordered by id. */
    Uni<List<StoredExperiment>> list();

    /** How many experiments there are, without reading them. */
    Uni<Long> count();

    /**
     * Creates or replaces an experiment's definition, if its current version is still {@code expectedVersion}.
     *
     * @param id the experiment id
     * @param definition the definition as JSON
     * @param expectedVersion the version the caller read, 0 when it saw no experiment
     * @param newEpoch the epoch to use when the experiment is created (ignored on replace)
     * @param retiredArms the arms that get no traffic, which sticky units must leave
     * @param stickyTtl how long the experiment's sticky units are kept ({@link Sticky#ttl}), or {@code null} when
     *     it is not sticky
     * @param decay what to discount from now on when its policy forgets old evidence, or {@code null} when it does
     *     not: the discounted sums are then no longer updated (they are kept, and decay on from where they were if
     *     a later definition discounts again)
     * @return the saved experiment, or empty when the version no longer matched (a concurrent change)
     */
    Uni<Optional<StoredExperiment>> save(String id, String definition, long expectedVersion, String newEpoch,
            Set<String> retiredArms, Duration stickyTtl, Decay decay);

    /** {@link #save(String, String, long, String, Set, Duration, Decay) Saves} an experiment that discounts nothing. */
    default Uni<Optional<StoredExperiment>> save(String id, String definition, long expectedVersion, String newEpoch,
            Set<String> retiredArms, Duration stickyTtl) {
        return save(id, definition, expectedVersion, newEpoch, retiredArms, stickyTtl, null);
    }

    /**
     * Deletes an experiment with everything kept for it: statistics, history, sticky assignments, unit records and
     * reward markers; false when there was none.
     */
    Uni<Boolean> delete(String id);

    /**
     * An experiment's statistics, {@link ExperimentStats#EMPTY} when there are none; its discounted sums decayed to
     * the store's time now.
     */
    Uni<ExperimentStats> stats(String id);

    /** Counts a pull (with a sticky assignment, or a unit's exposure) in one atomic step. */
    Uni<SelectionOutcome> recordSelection(Selection selection);

    /**
     * Adds a batch of selections that needed no sticky assignment in one atomic step.
     *
     * @param returnStats whether to return the statistics after the update
     * @return the outcome; its assignment is {@code null}
     */
    Uni<SelectionOutcome> recordPulls(PullBatch batch, boolean returnStats);

    /**
     * Adds the pulls this replica holds for the experiment (if it holds any) and returns its statistics and
     * definition version, in one round trip: what a decision made on a stale snapshot waits for.
     *
     * @return the outcome with statistics; not current when the experiment was deleted or recreated since
     *     {@code epoch}; degraded (with no statistics) when the store cannot be reached and the caller may decide
     *     on what it has
     */
    default Uni<SelectionOutcome> refresh(String experiment, String epoch, List<TrackedMetric> metrics) {
        return recordPulls(new PullBatch(experiment, epoch, List.of(), Map.of(), metrics), true);
    }

    /**
     * The stored history buckets of one level that start in {@code [fromMillis, endMillis)}, ordered by start;
     * buckets with nothing recorded, or no longer kept, are absent. Empty when history is switched off.
     *
     * @param epoch the incarnation of the experiment whose history to read
     */
    Uni<List<BucketTotals>> history(String id, String epoch, Resolution level, long fromMillis, long endMillis);

    /**
     * Records units' pre-experiment values of metrics (CUPED covariates) in one atomic step; a unit's first value
     * of a metric counts.
     *
     * @param covariates unit key to values by metric id
     * @return false when the experiment was deleted or recreated since {@code epoch} (nothing recorded)
     */
    Uni<Boolean> recordCovariates(String experiment, String epoch, List<TrackedMetric> metrics,
            Map<String, Map<String, Double>> covariates);

    /** Applies a reward's increments in one atomic step, at most once per decision token. */
    Uni<RewardOutcome> recordReward(RewardRecord reward);

    /**
     * Applies several rewards of one experiment in one atomic step, each as {@link #recordReward} would, in order (a
     * decision rewarded twice in the batch counts once).
     *
     * @param rewards at least one, all of the same experiment
     * @return one outcome per reward, in order
     */
    Uni<List<RewardOutcome>> recordRewards(List<RewardRecord> rewards);

    /**
     * Entries of the experiment's decision log, oldest first.
     *
     * @param after the id of the last entry already read (exclusive), or {@code null} to start at the oldest kept
     * @param count the most entries to return
     */
    Uni<List<LoggedEntry>> decisionLog(String id, String after, int count);

    /** The running always-valid results of an experiment's sequential tests, by the caller's key. */
    Uni<Map<String, RunningSequential>> sequentialResults(String id);

    /**
     * Merges always-valid results into the running ones in one atomic step: the minimum p-value, the intersection of
     * the confidence sequences (see {@link RunningSequential#next}).
     *
     * @return false when the experiment was deleted or recreated since {@code epoch} (nothing merged)
     */
    Uni<Boolean> mergeSequentialResults(String id, String epoch, Map<String, RunningSequential> results);

    /**
     * The secret that signs decision ids, shared by every replica: the stored one, or {@code candidate} after
     * storing it when there was none.
     */
    Uni<String> sharedSecret(String candidate);

    /** Completes when the store answers; fails otherwise. */
    Uni<Void> ping();
}
