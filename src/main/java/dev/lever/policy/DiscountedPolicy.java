package dev.lever.policy;

import java.time.Duration;
import java.util.Optional;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A policy for drifting arms: a stationary policy's choice rule applied to statistics in which evidence loses half
 * its weight every {@link #halfLife()} (see {@link Discount}). The caller hands in the discounted statistics,
 * decayed to one common time, as {@link #discount()} asks; the rule itself is unchanged.
 */
public sealed interface DiscountedPolicy extends Policy permits DiscountedThompson, DiscountedUcb {

    /** The age after which evidence counts half. */
    Duration halfLife();

    /** The stationary policy whose choice rule this one applies. */
    Policy rule();

    @Override
    default Optional<Discount> discount() {
        return Optional.of(new Discount(halfLife()));
    }

    @Override
    default double[] allocation(ArmStats[] arms, RewardKind kind, RandomGenerator rng) {
        return rule().allocation(arms, kind, rng);
    }

    @Override
    default int select(ArmStats[] arms, RewardKind kind, RandomGenerator rng) {
        return rule().select(arms, kind, rng);
    }
}
