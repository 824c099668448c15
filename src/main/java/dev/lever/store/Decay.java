package dev.lever.store;

import dev.lever.policy.Discount;

/**
 * What the store discounts for an experiment whose policy forgets old evidence: besides the plain statistics, it
 * keeps per arm the pulls and the values of one metric with every observation weighing 2^(-age / half-life) (see
 * {@code lua/lib/decay.lua}).
 *
 * @param discount the policy's discount, whose half-life applies
 * @param metric the metric whose values are discounted: the one the policy learns from
 */
public record Decay(Discount discount, String metric) {

    public Decay {
        if (discount == null || metric == null || metric.isEmpty()) {
            throw new IllegalArgumentException("a decay needs a discount and a metric, was " + discount + " and "
                    + metric);
        }
    }

    /** The form {@code save.lua} stores in the experiment's meta hash: the half-life in seconds and the metric. */
    String encode() {
        return StatsCodec.number(discount.halfLifeSeconds()) + " " + metric;
    }
}
