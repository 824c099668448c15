package dev.lever.policy;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A bandit policy: a validated, immutable configuration plus a pure choice function.
 *
 * <p>Every policy answers the same verbs. {@link #allocation} maps the arms' statistics to a probability
 * distribution over the arms (exploration as a pure function, as in Vowpal Wabbit's explore module);
 * {@link #choose} draws from it and returns the arm with its propensity; {@link #select} is the fast path for the
 * simulator when no propensity is needed. Given the same statistics and an identically seeded generator, each verb
 * returns the same answer.
 */
public sealed interface Policy
        permits EpsilonGreedy, Ucb1, ThompsonSampling, DiscountedPolicy, FixedSplit, ContextualPolicy {

    /** The wire name of the policy, e.g. {@code thompson}. */
    String type();

    /**
     * The policy's parameters by wire name, with defaults filled in: the record's components, in declaration order,
     * which are exactly the parameters {@link Policies#of} takes. Durations are written as {@link Policies#of}
     * reads them ({@code 6h}).
     */
    default Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (RecordComponent component : getClass().getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(this);
                parameters.put(component.getName(),
                        value instanceof Duration duration ? DurationText.format(duration) : value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read policy parameter " + component.getName(), e);
            }
        }
        return parameters;
    }

    /**
     * How the statistics handed to this policy must be discounted: empty for a stationary policy, which sees plain
     * counts; otherwise every arm's sums decayed by this discount to one common time (see {@link Discount}).
     */
    default Optional<Discount> discount() {
        return Optional.empty();
    }

    /**
     * The parameters that only apply to binary rewards (a Beta prior's), which a continuous experiment leaves out.
     */
    default Set<String> binaryOnlyParameters() {
        return Set.of();
    }

    /**
     * The probability that this policy chooses each arm now.
     *
     * @param arms the statistics of the arms that may be chosen (at least one)
     * @param kind how the rewards are measured
     * @param rng the generator for any Monte-Carlo estimate the policy needs
     * @return one probability per arm, summing to 1
     */
    double[] allocation(ArmStats[] arms, RewardKind kind, RandomGenerator rng);

    /**
     * Chooses an arm, without computing its propensity.
     *
     * @return the index of the chosen arm
     */
    default int select(ArmStats[] arms, RewardKind kind, RandomGenerator rng) {
        return Allocations.draw(allocation(arms, kind, rng), rng);
    }

    /** Chooses an arm by drawing from {@link #allocation}, and returns it with its propensity. */
    default Choice choose(ArmStats[] arms, RewardKind kind, RandomGenerator rng) {
        return Allocations.choose(allocation(arms, kind, rng), rng);
    }
}
