package dev.lever.policy;

/**
 * What is known about one arm: how often it was chosen and the rewards it earned.
 *
 * <p>Four running sums are enough for every estimate Lever makes: means, variances, posteriors and the tests of the
 * A/B mode. For a binary reward {@code rewardSum} is the number of successes.
 *
 * @param pulls how many times the arm was chosen (a direct reward also counts as one pull)
 * @param rewardCount how many rewards were received
 * @param rewardSum the sum of the received rewards
 * @param rewardSumOfSquares the sum of the squared received rewards
 */
public record ArmStats(long pulls, long rewardCount, double rewardSum, double rewardSumOfSquares) {

    /** An arm nobody has chosen yet. */
    public static final ArmStats EMPTY = new ArmStats(0, 0, 0, 0);

    public ArmStats {
        if (pulls < 0 || rewardCount < 0) {
            throw new IllegalArgumentException(
                    "pulls and rewardCount must be >= 0, were " + pulls + " and " + rewardCount);
        }
        if (!Double.isFinite(rewardSum) || !Double.isFinite(rewardSumOfSquares) || rewardSumOfSquares < 0) {
            throw new IllegalArgumentException("reward sums must be finite and the sum of squares >= 0, were "
                    + rewardSum + " and " + rewardSumOfSquares);
        }
    }

    /** These statistics after one more pull. */
    public ArmStats withPull() {
        return new ArmStats(pulls + 1, rewardCount, rewardSum, rewardSumOfSquares);
    }

    /** These statistics after one more received reward (the pull was counted when the arm was chosen). */
    public ArmStats withReward(double reward) {
        return new ArmStats(pulls, rewardCount + 1, rewardSum + reward, rewardSumOfSquares + reward * reward);
    }

}
