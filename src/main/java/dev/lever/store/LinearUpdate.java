package dev.lever.store;

import dev.lever.context.Features;

/**
 * What a reward of a contextual decision adds to {@link LinearTotals}: when the credit of {@code metric} is fresh
 * (counted for the first time), x x^T to S, r x to b and 1 to the count, with r the credit's value. In the disjoint
 * model the totals are the arm's; in the shared model they are the experiment's one entry
 * ({@link ExperimentStats#shared()}), and x is the joint feature vector z of the decision's context and arm.
 *
 * @param metric the primary metric, the one the policy learns
 * @param features the vector added: the decision's x, or z in the shared model
 * @param shared whether the totals are the experiment's shared entry rather than the arm's
 */
public record LinearUpdate(String metric, Features features, boolean shared) {

    /**
     * The entry of the stats hash that holds the shared model's totals: arm ids cannot start with {@code #}, so it
     * never meets an arm's fields.
     */
    static final String SHARED_ENTRY = "#shared";

    /** An update of the arm's own totals (the disjoint model). */
    public LinearUpdate(String metric, Features features) {
        this(metric, features, false);
    }

    /** The entry whose totals this update adds to, for the reward of a decision on {@code arm}. */
    String entry(String arm) {
        return shared ? SHARED_ENTRY : arm;
    }

    /**
     * The update as the reward script reads it: the metric, the entry of the totals, then {@code slot:value} per
     * non-zero slot.
     */
    String encode(String arm) {
        StringBuilder text = new StringBuilder(metric).append(' ').append(entry(arm));
        for (int i = 0; i < features.size(); i++) {
            text.append(' ').append(features.index(i)).append(':').append(StatsCodec.number(features.value(i)));
        }
        return text.toString();
    }
}
