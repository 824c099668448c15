package dev.lever.policy;

/**
 * What is known about one arm: how often it was chosen and the rewards it earned.
 *
 * <p>Four running sums are enough for every estimate Lever makes: means, variances, posteriors and the tests of the
 * A/B mode. For a binary reward {@code rewardSum} is the number of successes.
 *
 * <p>The counts are real numbers so that the same type carries discounted statistics, where every observation
 * weighs 2^(-age / half-life) (see {@link Discount}) and a count is an effective number of observations. Counted
 * plainly, as the stationary policies and the A/B analysis see them, they are whole numbers.
 *
 * @param pulls how many times the arm was chosen (a direct reward also counts as one pull), >= 0
 * @param rewardCount how many rewards were received, >= 0
 * @param rewardSum the sum of the received rewards
 * @param rewardSumOfSquares the sum of the squared received rewards, >= 0
 */
public record ArmStats(double pulls, double rewardCount, double rewardSum, double rewardSumOfSquares) {

    /** An arm nobody has chosen yet. */
    public static final ArmStats EMPTY = new ArmStats(0, 0, 0, 0);

    public ArmStats {
        if (!(pulls >= 0 && pulls < Double.POSITIVE_INFINITY && rewardCount >= 0
                && rewardCount < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(
                    "pulls and rewardCount must be finite and >= 0, were " + pulls + " and " + rewardCount);
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

    /** Every sum multiplied by {@code factor}, in [0, 1]: the weight of old evidence after a discount. */
    public ArmStats scaled(double factor) {
        if (!(factor >= 0 && factor <= 1)) {
            throw new IllegalArgumentException("a discount factor must be in [0, 1], was " + factor);
        }
        return factor == 1 ? this
                : new ArmStats(pulls * factor, rewardCount * factor, rewardSum * factor, rewardSumOfSquares * factor);
    }
}
