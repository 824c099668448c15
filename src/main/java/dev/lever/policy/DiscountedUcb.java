package dev.lever.policy;

import java.time.Duration;

/**
 * Discounted UCB (Garivier &amp; Moulines, "On Upper-Confidence Bound Policies for Switching Bandit Problems",
 * ALT 2011): the arm with the largest mean_i + c * sqrt(2 ln n / n_i), where the mean and the counts are discounted
 * (evidence loses half its weight every {@code halfLife}, see {@link Discount}), n_i is the arm's discounted number
 * of observations and n their total. An arm that is not played sees its n_i shrink and its bonus grow, so it is
 * tried again after a while; Garivier &amp; Moulines' bonus 2B sqrt(xi ln n / n_i) is this one with
 * c = B sqrt(2 xi). The choice rule is {@link Ucb1}'s, and so is the advice on {@code c}: it scales with the reward
 * range, and for rates of a few percent a c well below 1 (0.25) explores less blindly.
 *
 * @param halfLife the age after which an observation counts half, in [1s, 3650d]
 * @param c the width of the exploration bonus, >= 0
 */
public record DiscountedUcb(Duration halfLife, double c) implements DiscountedPolicy {

    public static final String TYPE = "discounted-ucb";

    public DiscountedUcb {
        new Discount(halfLife);
        new Ucb1(c);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Ucb1 rule() {
        return new Ucb1(c);
    }
}
