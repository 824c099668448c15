package dev.lever.policy;

import java.time.Duration;

/**
 * Exponential forgetting in time: evidence of age a weighs 2^(-a / halfLife), so that a policy fed discounted
 * statistics follows arms whose means drift.
 *
 * <p>Discounted UCB (Garivier &amp; Moulines, "On Upper-Confidence Bound Policies for Switching Bandit Problems",
 * ALT 2011) and discounted Thompson sampling (Raj &amp; Kalyani, "Taming Non-stationary Bandits: A Bayesian
 * Approach", arXiv:1707.09727, 2017) multiply every arm's sums by a factor gamma at each decision. Replicas of a
 * service share no decision counter, so Lever discounts per unit of time instead: a sum S recorded at t0 is worth
 * S * 2^(-(t - t0) / halfLife) at t. Because the factor depends only on the elapsed time, a sum can be decayed
 * lazily, when it is next read or written, and the decayed sums with the time of their last decay are all the state
 * that needs keeping (O(1) per arm). The simulator maps decisions to time with a scenario's decisions per second.
 *
 * @param halfLife the age after which evidence counts half, in [{@link #MIN}, {@link #MAX}]
 */
public record Discount(Duration halfLife) {

    public static final Duration MIN = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofDays(3650);

    public Discount {
        if (halfLife == null || halfLife.compareTo(MIN) < 0 || halfLife.compareTo(MAX) > 0) {
            throw new InvalidParameterException("halfLife", "must be between " + DurationText.format(MIN) + " and "
                    + DurationText.format(MAX) + ", was " + (halfLife == null ? "null" : DurationText.format(halfLife)));
        }
    }

    /** The half-life in seconds. */
    public double halfLifeSeconds() {
        return halfLife.toNanos() / 1e9;
    }

    /** The weight 2^(-elapsed / halfLife) of evidence {@code elapsedSeconds} old; 1 when the age is not positive. */
    public double factor(double elapsedSeconds) {
        return elapsedSeconds <= 0 ? 1.0 : Math.pow(2.0, -elapsedSeconds / halfLifeSeconds());
    }

    /** The statistics as they are worth {@code elapsedSeconds} after their last decay. */
    public ArmStats decay(ArmStats stats, double elapsedSeconds) {
        return stats.scaled(factor(elapsedSeconds));
    }
}
