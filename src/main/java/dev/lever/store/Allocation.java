package dev.lever.store;

import java.util.List;
import java.util.Map;

/**
 * One allocation a policy computed: the probability of each active arm. Decisions drawn from the same allocation
 * share one instance, and instances compare by identity, so a buffer can count decisions per allocation (one
 * increment per decision) and add {@code count x allocation} once per flush.
 */
public final class Allocation {

    private final List<String> arms;
    private final double[] shares;

    /**
     * @param arms the active arms' ids
     * @param shares their probabilities, in the same order; not changed afterwards
     */
    public Allocation(List<String> arms, double[] shares) {
        if (arms.size() != shares.length) {
            throw new IllegalArgumentException(arms.size() + " arms but " + shares.length + " shares");
        }
        this.arms = List.copyOf(arms);
        this.shares = shares;
    }

    /**
     * Adds {@code decisions} times each arm's probability to its sum in {@code sums}; arms of probability 0 are
     * skipped.
     */
    void addTo(Map<String, Double> sums, long decisions) {
        for (int i = 0; i < shares.length; i++) {
            if (shares[i] > 0) {
                sums.merge(arms.get(i), decisions * shares[i], Double::sum);
            }
        }
    }
}
