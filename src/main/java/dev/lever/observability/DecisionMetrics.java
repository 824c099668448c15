package dev.lever.observability;

import java.util.List;
import java.util.function.LongSupplier;

/** What the decision path reports: selections and rewards by experiment and arm, and the snapshots' age. */
public interface DecisionMetrics {

    /**
     * The counters of an experiment's arms as this replica serves one definition of it: called once per definition
     * loaded, never per request. Pairs get series of their own in the order they are first asked for, while fewer
     * than {@code lever.metrics.max-arm-series} exist.
     *
     * @param policy the policy's type, the {@code policy} label of the selections
     * @param arms every arm of the definition, retired ones included (they may still be rewarded)
     */
    ExperimentSeries experiment(String id, String policy, List<String> arms);

    /**
     * A reward of an experiment this replica does not serve at the moment (its decision expired before this replica
     * loaded it, or it was deleted): counted under the pair's series if this replica has them, else under
     * {@code _other}. Never creates series, so a deleted experiment's late rewards cannot bring its series back.
     */
    void rewarded(String experiment, String arm, RewardResult result);

    /** The experiment was deleted: its series are removed and free their places under the cap. */
    void forget(String experiment);

    /** Where {@code lever_snapshot_age_seconds} reads the age, in nanoseconds, of the oldest snapshot served. */
    void snapshotAge(LongSupplier oldestNanos);
}
