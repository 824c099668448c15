package dev.lever.experiment;

import dev.lever.policy.ArmStats;
import dev.lever.policy.RewardKind;

/**
 * One arm's statistics as a discounting policy learns from them: every pull and reward weighs 2^(-age / halfLife),
 * as of the read, so the counts are effective numbers of observations, not whole ones.
 *
 * @param pulls the discounted pulls
 * @param rewards the discounted number of rewards
 * @param rewardSum the discounted sum of the rewards
 * @param mean the discounted mean reward (as {@link ArmView#mean()} is computed from the plain sums)
 */
public record DiscountedView(double pulls, double rewards, double rewardSum, double mean) {

    static DiscountedView of(ArmStats stats, RewardKind kind) {
        return new DiscountedView(stats.pulls(), stats.rewardCount(), stats.rewardSum(), kind.mean(stats));
    }
}
