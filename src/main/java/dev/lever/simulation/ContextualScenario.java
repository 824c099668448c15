package dev.lever.simulation;

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
 */
public record ContextualScenario(String name, String description, int horizon, int repetitions, long seed,
        int dimension, List<String> arms, List<String> segments, Environment environment,
        List<Scenario.Contender> policies) {

    public ContextualScenario {
        arms = List.copyOf(arms);
        segments = List.copyOf(segments);
        policies = List.copyOf(policies);
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
