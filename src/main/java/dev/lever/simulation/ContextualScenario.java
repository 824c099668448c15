package dev.lever.simulation;

import dev.lever.context.LinearModel;
import dev.lever.policy.ContextualPolicy;
import dev.lever.policy.Policy;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A contextual simulation: who asks (a context drawn per decision), each arm's true expected reward for that
 * context, which the policies never see, and the policies to compare. Rewards are Bernoulli.
 *
 * @param name the scenario's name
 * @param description what it models
 * @param horizon decisions per run, T
 * @param repetitions independent runs per policy
 * @param seed the seed every run's generators derive from
 * @param dimension the feature space's dimension d the contextual policies hash contexts into
 * @param arms the arm ids
 * @param segments the names of the segments the environment reports, or empty when it has none
 * @param environment draws the contexts
 * @param policies the policies to compare (contextual or not), each with a label
 * @param armFeatures each arm's attributes, as an experiment definition gives them, by arm id (an arm without any
 *     is absent): what the shared model learns across arms
 * @param arrivals the decision from which an arm may be chosen, by arm id (an arm absent is there from the start):
 *     an arm that joins mid-run starts without data, its cold start
 */
public record ContextualScenario(String name, String description, int horizon, int repetitions, long seed,
        int dimension, List<String> arms, List<String> segments, Environment environment,
        List<Contender> policies, Map<String, Map<String, Object>> armFeatures, Map<String, Long> arrivals) {

    public ContextualScenario {
        arms = List.copyOf(arms);
        segments = List.copyOf(segments);
        policies = List.copyOf(policies);
        armFeatures = Map.copyOf(armFeatures);
        arrivals = Map.copyOf(arrivals);
    }

    /** A scenario whose arms have no attributes and are all there from the start. */
    public ContextualScenario(String name, String description, int horizon, int repetitions, long seed,
            int dimension, List<String> arms, List<String> segments, Environment environment,
            List<Contender> policies) {
        this(name, description, horizon, repetitions, seed, dimension, arms, segments, environment, policies,
                Map.of(), Map.of());
    }

    /** The last decision from which an arm joins, 0 when every arm is there from the start. */
    long lastArrival() {
        return arrivals.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /**
     * A policy the scenario compares.
     *
     * @param label how the table names it
     * @param policy the policy
     * @param model for a contextual policy, its linear model (disjoint: per arm, on x; shared: one, on z(x, a));
     *     ignored for any other
     */
    public record Contender(String label, Policy policy, LinearModel model) {

        /** A policy in the disjoint model, or a context-free one. */
        public Contender(String label, Policy policy) {
            this(label, policy, LinearModel.DISJOINT);
        }

        boolean contextual() {
            return policy instanceof ContextualPolicy;
        }

        boolean shared() {
            return contextual() && model == LinearModel.SHARED;
        }
    }

    /**
     * One decision's circumstances.
     *
     * @param context the request's context, as a client would send it to {@code /select}
     * @param means each arm's true probability of a reward in this context
     * @param segment the index of the context's segment in {@link #segments()}, or -1
     */
    public record Draw(Map<String, Object> context, double[] means, int segment) {
    }

    /** The world of a scenario: the context of decision t (0-based) and the arms' true means in it. */
    @FunctionalInterface
    public interface Environment {
        Draw next(long t, RandomGenerator rng);
    }
}
