package dev.lever.simulation;

import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * An arm's true reward distribution, which the policies never see: Bernoulli (binary rewards) or Gaussian
 * (continuous), with a mean that may jump at given steps and drift linearly over a span of steps.
 *
 * @param id the arm id
 * @param mean the mean at step 0
 * @param sd the standard deviation of a Gaussian arm; 0 for a Bernoulli arm
 * @param jumps steps at which the mean jumps to a new value, in increasing order
 * @param drift a linear drift of the mean, or {@code null}
 * @param guardrail the distribution of the scenario's guardrail metric on this arm, or {@code null} without one
 */
public record ArmModel(String id, double mean, double sd, List<Jump> jumps, Drift drift, Values guardrail) {

    /** A stationary distribution of a second metric: Gaussian with this sd, or Bernoulli when sd is 0. */
    public record Values(double mean, double sd) {

        /** One value. */
        double draw(RandomGenerator rng) {
            return sd == 0 ? (rng.nextDouble() < mean ? 1.0 : 0.0) : mean + sd * rng.nextGaussian();
        }
    }

    public ArmModel(String id, double mean, double sd, List<Jump> jumps, Drift drift) {
        this(id, mean, sd, jumps, drift, null);
    }

    /** From step {@code at} on, the mean is {@code mean}. */
    public record Jump(long at, double mean) {
    }

    /** Between steps {@code from} and {@code until} the mean moves linearly to {@code to}, and stays there. */
    public record Drift(long from, long until, double to) {
    }

    public ArmModel {
        jumps = List.copyOf(jumps);
    }

    public boolean bernoulli() {
        return sd == 0;
    }

    /** Whether the mean never changes. */
    public boolean stationary() {
        return jumps.isEmpty() && drift == null;
    }

    /** The true mean at step t (0-based). */
    public double meanAt(long t) {
        double m = mean;
        for (Jump jump : jumps) {
            if (t >= jump.at()) {
                m = jump.mean();
            }
        }
        if (drift != null && t >= drift.from()) {
            double start = m;
            double progress = t >= drift.until() ? 1.0 : (double) (t - drift.from()) / (drift.until() - drift.from());
            m = start + (drift.to() - start) * progress;
        }
        return m;
    }

    /** One reward drawn at step t with the arm's mean {@code m} at that step. */
    double draw(double m, RandomGenerator rng) {
        return bernoulli() ? (rng.nextDouble() < m ? 1.0 : 0.0) : m + sd * rng.nextGaussian();
    }
}
