package dev.lever.policy;

import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A fixed split, as in a classic A/B test: each arm gets a fixed share of the traffic, whatever the data says.
 *
 * @param weights each arm's share, in arm order, >= 0 and summing to 1 (within 1e-9); empty for equal shares over
 *     however many arms there are
 */
public record FixedSplit(List<Double> weights) implements Policy {

    public static final String TYPE = "fixed-split";
    private static final double TOLERANCE = 1e-9;

    public FixedSplit {
        weights = List.copyOf(weights);
        double sum = 0.0;
        for (Double w : weights) {
            if (w == null || !(w >= 0.0 && w <= 1.0)) {
                throw new InvalidParameterException("weights", "must each be in [0, 1], was " + weights);
            }
            sum += w;
        }
        if (!weights.isEmpty() && Math.abs(sum - 1.0) > TOLERANCE) {
            throw new InvalidParameterException("weights", "must sum to 1, was " + sum + " for " + weights);
        }
    }

    /** Equal shares over however many arms are given. */
    public static FixedSplit equal() {
        return new FixedSplit(List.of());
    }

    @Override
    public String type() {
        return TYPE;
    }


    @Override
    public double[] allocation(ArmStats[] arms, RewardKind kind, RandomGenerator rng) {
        Allocations.requireArms(arms);
        double[] p = new double[arms.length];
        if (weights.isEmpty()) {
            java.util.Arrays.fill(p, 1.0 / arms.length);
            return p;
        }
        if (weights.size() != arms.length) {
            throw new IllegalArgumentException("fixed split has " + weights.size() + " weights for "
                    + arms.length + " arms");
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = weights.get(i);
        }
        return p;
    }
}
