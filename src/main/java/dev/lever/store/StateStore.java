package dev.lever.store;

import io.smallrye.mutiny.Uni;
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

    /**
     * Creates or replaces an experiment's definition, if its current version is still {@code expectedVersion}.
     *
     * @param id the experiment id
     * @param definition the definition as JSON
     * @param expectedVersion the version the caller read, 0 when it saw no experiment
     * @param newEpoch the epoch to use when the experiment is created (ignored on replace)
     * @param retiredArms the arms that get no traffic, which sticky units must leave
     * @return the saved experiment, or empty when the version no longer matched (a concurrent change)
     */
    Uni<Optional<StoredExperiment>> save(String id, String definition, long expectedVersion, String newEpoch,
            Set<String> retiredArms);

    /** Deletes an experiment with its statistics and sticky assignments; false when there was none. */
    Uni<Boolean> delete(String id);

    /** All statistics fields of an experiment (see {@link StatsFields}), empty when there are none. */
    Uni<Map<String, Double>> stats(String id);

    /** Counts a pull (and a sticky assignment) in one atomic step. */
    Uni<SelectionOutcome> recordSelection(Selection selection);

    /**
     * Adds a batch of pull counts (of selections that needed no sticky assignment) in one atomic step.
     *
     * @param pulls arm id to the number of pulls to add
     * @param returnStats whether to return all statistics fields after the update
     * @return the outcome; its assignment is {@code null}
     */
    Uni<SelectionOutcome> recordPulls(String experiment, String epoch, Map<String, Long> pulls, boolean returnStats);

    /** Applies a reward's increments in one atomic step, at most once per decision token. */
    Uni<RewardOutcome> recordReward(RewardRecord reward);

    /**
     * The secret that signs decision ids, shared by every replica: the stored one, or {@code candidate} after
     * storing it when there was none.
     */
    Uni<String> sharedSecret(String candidate);

    /** Completes when the store answers; fails otherwise. */
    Uni<Void> ping();
}
