package dev.lever.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One arm's live statistics.
 *
 * @param arm the arm id
 * @param retired whether the arm is retired
 * @param pulls how often it was chosen
 * @param rewards how many rewards it received
 * @param rewardSum the sum of its rewards
 * @param mean its mean reward (successes / pulls for binary rewards, mean received reward for continuous ones)
 * @param allocation the probability that the policy chooses it now (0 when retired)
 * @param probabilityBest for an active arm of a bandit, the probability that its true mean is the highest of the
 *     active arms ({@link dev.lever.policy.ProbabilityBest}); absent for retired arms, for A/B tests, and for
 *     continuous rewards while an active arm has fewer than two rewards
 * @param discounted for a policy that discounts evidence, the arm's statistics as it learns from them (its allocation
 *     and probability of being best come from these); absent for other policies
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArmView(String arm, boolean retired, long pulls, long rewards, double rewardSum, double mean,
        double allocation, Double probabilityBest, DiscountedView discounted) {
}
