package dev.lever.decision;

import dev.lever.context.LinearModel;
import dev.lever.experiment.Arm;
import dev.lever.experiment.Experiment;
import dev.lever.policy.ArmStats;
import dev.lever.policy.LinearSums;
import dev.lever.store.ExperimentStats;
import java.util.List;

/**
 * The active arms' statistics as of one read of the store, as the policy learns from them (discounted to the time of
 * the read for a policy that discounts).
 *
 * @param stats one entry per active arm, in definition order
 * @param linear for a contextual policy in the disjoint model, each active arm's linear totals, in definition order;
 *     else {@code null}
 * @param shared for a contextual policy in the shared model, the experiment's one set of totals; else {@code null}
 * @param takenAtNanos when they were read
 */
record Snapshot(ArmStats[] stats, LinearSums[] linear, LinearSums shared, long takenAtNanos) {

    static Snapshot of(Experiment experiment, ExperimentStats read, long nowNanos) {
        List<Arm> active = experiment.activeArms();
        ArmStats[] stats = new ArmStats[active.size()];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = read.arm(active.get(i).id()).seenBy(experiment.policy(), experiment.primary().id());
        }
        LinearSums[] linear = null;
        LinearSums shared = null;
        if (experiment.features() != null && experiment.model() == LinearModel.SHARED) {
            shared = read.shared().sums(experiment.features().dimension());
        } else if (experiment.features() != null) {
            linear = new LinearSums[active.size()];
            for (int i = 0; i < linear.length; i++) {
                linear[i] = read.linear(active.get(i).id()).sums(experiment.features().dimension());
            }
        }
        return new Snapshot(stats, linear, shared, nowNanos);
    }

    long ageNanos(long nowNanos) {
        return nowNanos - takenAtNanos;
    }
}
