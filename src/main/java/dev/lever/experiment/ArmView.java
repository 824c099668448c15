package dev.lever.experiment;

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
 */
public record ArmView(String arm, boolean retired, long pulls, long rewards, double rewardSum, double mean,
        double allocation) {
}
