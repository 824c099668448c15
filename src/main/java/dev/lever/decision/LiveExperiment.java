package dev.lever.decision;

import dev.lever.experiment.VersionedExperiment;
import dev.lever.policy.Choice;
import dev.lever.policy.HashSplit;
import org.apache.commons.math3.random.RandomGenerator;
import java.util.Map;

/**
 * An experiment as this replica serves it: the definition it read, and the latest statistics snapshot. The store
 * reports the definition's version on every decision, so a change made through any replica is noticed by the next
 * decision here.
 */
final class LiveExperiment {

    private final VersionedExperiment versioned;
    private final String[] activeArmIds;
    private final long[] activeArmKeys;
    private volatile Snapshot snapshot;

    LiveExperiment(VersionedExperiment versioned, Map<String, Double> stats, long nowNanos) {
        this.versioned = versioned;
        this.activeArmIds = versioned.experiment().activeArms().stream().map(a -> a.id()).toArray(String[]::new);
        this.activeArmKeys = new long[activeArmIds.length];
        for (int i = 0; i < activeArmIds.length; i++) {
            activeArmKeys[i] = HashSplit.armKey(activeArmIds[i]);
        }
        this.snapshot = Snapshot.of(versioned.experiment(), stats, nowNanos);
    }

    VersionedExperiment versioned() {
        return versioned;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    void refresh(Map<String, Double> stats, long nowNanos) {
        snapshot = Snapshot.of(versioned.experiment(), stats, nowNanos);
    }

    /** The decision for a request: by the unit's hash under a user or session split, else drawn at random. */
    Choice choose(Snapshot current, String unit, RandomGenerator rng) {
        return versioned.experiment().split().hashed() ? current.assign(unit, activeArmKeys, rng) : current.choose(rng);
    }

    String armId(Choice choice) {
        return activeArmIds[choice.arm()];
    }
}
