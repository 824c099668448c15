package dev.lever.policy;

import java.time.Duration;
import java.util.Set;

/**
 * Discounted Thompson sampling (Raj &amp; Kalyani, "Taming Non-stationary Bandits: A Bayesian Approach",
 * arXiv:1707.09727, 2017): Thompson sampling on statistics in which evidence loses half its weight every
 * {@code halfLife} (see {@link Discount}). For binary rewards the posterior is Beta(alpha + S, beta + F) with S and F
 * the discounted successes and failures, so an arm's posterior widens again when it is not played and a once-certain
 * arm is re-tested; the prior itself is not discounted. The choice rule is {@link ThompsonSampling}'s.
 *
 * @param halfLife the age after which a reward counts half, in [1s, 3650d]
 * @param alpha the Beta prior's first parameter, > 0
 * @param beta the Beta prior's second parameter, > 0
 * @param propensityDraws the number of joint posterior draws behind an allocation estimate, in [100, 100000]
 */
public record DiscountedThompson(Duration halfLife, double alpha, double beta, int propensityDraws)
        implements DiscountedPolicy {

    public static final String TYPE = "discounted-thompson";

    public DiscountedThompson {
        new Discount(halfLife);
        new ThompsonSampling(alpha, beta, propensityDraws);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> binaryOnlyParameters() {
        return ThompsonSampling.PRIOR;
    }

    @Override
    public ThompsonSampling rule() {
        return new ThompsonSampling(alpha, beta, propensityDraws);
    }
}
