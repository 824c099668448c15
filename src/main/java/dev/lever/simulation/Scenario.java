package dev.lever.simulation;

import dev.lever.policy.Policy;
import dev.lever.policy.RewardKind;
import java.util.List;

/**
 * A simulation to run: the arms' true distributions, how long, how often, and which policies to compare.
 *
 * @param name the scenario's name (the output folder's name)
 * @param description what the scenario models
 * @param horizon decisions per run, T
 * @param repetitions independent runs per policy
 * @param seed the seed every run's generators derive from
 * @param arms the arms' true distributions
 * @param delay steps between a decision and the arrival of its reward (0: at once)
 * @param batch steps between refreshes of the statistics the policy sees (1: every step), as a service with a
 *     statistics cache would
 * @param policies the policies to compare, each with a label
 */
public record Scenario(String name, String description, int horizon, int repetitions, long seed, List<ArmModel> arms,
        int delay, int batch, List<Contender> policies) {

    /** A policy with the label it is reported under, e.g. {@code epsilon-greedy(epsilon=0.05)}. */
    public record Contender(String label, Policy policy) {
    }

    public Scenario {
        arms = List.copyOf(arms);
        policies = List.copyOf(policies);
    }

    /** Binary when every arm is Bernoulli, continuous otherwise. */
    public RewardKind kind() {
        return arms.stream().allMatch(ArmModel::bernoulli) ? RewardKind.BINARY : RewardKind.CONTINUOUS;
    }

    public boolean stationary() {
        return arms.stream().allMatch(ArmModel::stationary);
    }
}
