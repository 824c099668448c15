package dev.lever.decision;

import dev.lever.experiment.Arm;
import dev.lever.experiment.Experiment;
import dev.lever.policy.ArmStats;
import dev.lever.store.StatsFields;
import java.util.List;
import java.util.Map;

/**
 * The active arms' statistics as of one read of the store.
 *
 * @param stats one entry per active arm, in definition order
 * @param takenAtNanos when they were read
 */
record Snapshot(ArmStats[] stats, long takenAtNanos) {

    static Snapshot of(Experiment experiment, Map<String, Double> fields, long nowNanos) {
        List<Arm> active = experiment.activeArms();
        ArmStats[] stats = new ArmStats[active.size()];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = StatsFields.armStats(fields, active.get(i).id(), experiment.primary().id());
        }
        return new Snapshot(stats, nowNanos);
    }

    long ageNanos(long nowNanos) {
        return nowNanos - takenAtNanos;
    }
}
