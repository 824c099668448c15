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
 * @param decisionsPerSecond the traffic the scenario models, which maps decisions to time for the policies that
 *     discount evidence by its age (decision t happens at t / decisionsPerSecond seconds)
 * @param policies the policies to compare, each with a label
 * @param guardrail the guardrail watched and its stop rule, or {@code null}: then every arm has a
 *     {@link ArmModel#guardrail()} distribution, and the rule is checked at every refresh of the statistics
 */
public record Scenario(String name, String description, int horizon, int repetitions, long seed, List<ArmModel> arms,
        int delay, int batch, double decisionsPerSecond, List<Contender> policies, GuardrailModel guardrail) {

    public Scenario(String name, String description, int horizon, int repetitions, long seed, List<ArmModel> arms,
            int delay, int batch, double decisionsPerSecond, List<Contender> policies) {
        this(name, description, horizon, repetitions, seed, arms, delay, batch, decisionsPerSecond, policies, null);
    }

    /** A policy with the label it is reported under, e.g. {@code epsilon-greedy(epsilon=0.05)}. */
    public record Contender(String label, Policy policy) {
    }

    public Scenario {
        if (!(decisionsPerSecond > 0 && Double.isFinite(decisionsPerSecond))) {
            throw new IllegalArgumentException("decisionsPerSecond must be a positive number, was "
                    + decisionsPerSecond);
        }
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

    /**
     * The steps at which another arm becomes the best one, in order. The means are examined every horizon / 10,000
     * steps, and step by step where the best arm changed between two looks (a change that reverts within one
     * stride goes unseen; no scenario's mean moves that fast).
     */
    public long[] bestArmChanges() {
        if (stationary()) {
            return new long[0];
        }
        long stride = Math.max(1, horizon / 10_000);
        List<Long> changes = new java.util.ArrayList<>();
        int best = bestArmAt(0, -1);
        for (long t = stride; t < horizon; t += stride) {
            int now = bestArmAt(t, best);
            if (now != best) {
                long at = t - stride + 1;
                while (bestArmAt(at, best) == best) {
                    at++;
                }
                changes.add(at);
                best = now;
            }
        }
        return changes.stream().mapToLong(Long::longValue).toArray();
    }

    /** The arm with the highest mean at step t; {@code previous} when it is among the highest. */
    private int bestArmAt(long t, int previous) {
        int best = previous < 0 ? 0 : previous;
        for (int i = 0; i < arms.size(); i++) {
            if (arms.get(i).meanAt(t) > arms.get(best).meanAt(t)) {
                best = i;
            }
        }
        return best;
    }
}
