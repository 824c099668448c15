package dev.lever.decision;

import dev.lever.experiment.VersionedExperiment;
import dev.lever.policy.Choice;
import java.util.Map;

/**
 * An experiment as this replica serves it: the definition it read, and the latest statistics snapshot. The store
 * reports the definition's version on every decision, so a change made through any replica is noticed by the next
 * decision here.
 */
final class LiveExperiment {

    private final VersionedExperiment versioned;
    private final String[] activeArmIds;
    private volatile Snapshot snapshot;

    LiveExperiment(VersionedExperiment versioned, Map<String, Double> stats, long nowNanos) {
        this.versioned = versioned;
        this.activeArmIds = versioned.experiment().activeArms().stream().map(a -> a.id()).toArray(String[]::new);
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

    String armId(Choice choice) {
        return activeArmIds[choice.arm()];
    }
}
