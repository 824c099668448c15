package dev.lever.decision;

import dev.lever.experiment.Arm;
import dev.lever.experiment.Experiment;
import dev.lever.policy.ArmStats;
import dev.lever.store.ExperimentStats;
import java.util.List;

/**
 * The active arms' statistics as of one read of the store, as the policy learns from them (discounted to the time of
 * the read for a policy that discounts).
 *
 * @param stats one entry per active arm, in definition order
 * @param takenAtNanos when they were read
 */
record Snapshot(ArmStats[] stats, long takenAtNanos) {

    static Snapshot of(Experiment experiment, ExperimentStats read, long nowNanos) {
        List<Arm> active = experiment.activeArms();
        ArmStats[] stats = new ArmStats[active.size()];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = read.arm(active.get(i).id()).seenBy(experiment.policy(), experiment.primary().id());
        }
        return new Snapshot(stats, nowNanos);
    }

    long ageNanos(long nowNanos) {
        return nowNanos - takenAtNanos;
    }
}
