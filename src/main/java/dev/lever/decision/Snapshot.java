package dev.lever.decision;

import dev.lever.experiment.Arm;
import dev.lever.experiment.Experiment;
import dev.lever.policy.ArmStats;
import dev.lever.policy.Choice;
import dev.lever.policy.HashSplit;
import dev.lever.policy.Allocations;
import dev.lever.store.StatsFields;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The active arms' statistics as of one read of the store, with the policy's allocation over them computed once
 * (for Thompson sampling that is a Monte-Carlo estimate: the expensive part) and shared by every decision until the
 * next refresh.
 */
final class Snapshot {

    private final Experiment experiment;
    private final ArmStats[] stats;
    private final long takenAtNanos;
    private volatile double[] allocation;

    private Snapshot(Experiment experiment, ArmStats[] stats, long takenAtNanos) {
        this.experiment = experiment;
        this.stats = stats;
        this.takenAtNanos = takenAtNanos;
    }

    static Snapshot of(Experiment experiment, Map<String, Double> fields, long nowNanos) {
        List<Arm> active = experiment.activeArms();
        ArmStats[] stats = new ArmStats[active.size()];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = StatsFields.armStats(fields, active.get(i).id(), experiment.primary().id());
        }
        return new Snapshot(experiment, stats, nowNanos);
    }

    long ageNanos(long nowNanos) {
        return nowNanos - takenAtNanos;
    }

    /** Draws a decision from the allocation: the index of an active arm and its propensity. */
    Choice choose(RandomGenerator rng) {
        return Allocations.choose(allocation(rng), rng);
    }

    /**
     * The arm of a unit under a hashed split: deterministic in (experiment, unit), drawn with the allocation's
     * weights; the propensity is the arm's weight, the probability that a random unit lands on it.
     */
    Choice assign(String unit, long[] armKeys, RandomGenerator rng) {
        double[] weights = allocation(rng);
        int arm = HashSplit.assign(HashSplit.unitHash(experiment.id(), unit), armKeys, weights);
        return new Choice(arm, weights[arm]);
    }

    private double[] allocation(RandomGenerator rng) {
        double[] p = allocation;
        if (p == null) {
            synchronized (this) {
                p = allocation;
                if (p == null) {
                    p = experiment.policy().allocation(stats, experiment.reward(), rng);
                    allocation = p;
                }
            }
        }
        return p;
    }
}
