package dev.lever.policy;

/**
 * How an experiment's rewards are measured, and so how an arm's statistics turn into an estimate.
 */
public enum RewardKind {

    /**
     * A success or failure per decision (a click, a conversion). Every pull is an observation: a decision that was
     * never rewarded counts as a 0, so the mean is successes / pulls.
     */
    BINARY {
        @Override
        public double observations(ArmStats arm) {
            return arm.pulls();
        }

        @Override
        public String checkReward(double reward) {
            return reward == 0.0 || reward == 1.0 ? null : "must be 0 or 1 for a binary experiment, was " + reward;
        }
    },

    /**
     * A real number per rewarded decision (revenue, watch time, latency). Only received rewards are observations, so
     * the mean is the mean of the received rewards.
     */
    CONTINUOUS {
        @Override
        public double observations(ArmStats arm) {
            return arm.rewardCount();
        }

        @Override
        public String checkReward(double reward) {
            return Math.abs(reward) <= MAX_MAGNITUDE ? null : "must be a number in [-" + BOUND + ", " + BOUND
                    + "], was " + reward;
        }
    };

    /**
     * The largest magnitude of a continuous value: far beyond any revenue, duration or latency, and small enough
     * that no sum or second moment of up to 10^15 values can overflow a double.
     */
    public static final double MAX_MAGNITUDE = 1e12;

    private static final String BOUND = "1e12";

    /** The number of observations behind this arm's mean (an effective number for discounted statistics). */
    public abstract double observations(ArmStats arm);

    /**
     * Why a reward is not valid for this kind, or {@code null} when it is.
     *
     * @param reward the reward as received
     * @return a message stating what is allowed and what was seen, or {@code null}
     */
    public abstract String checkReward(double reward);

    /** The arm's mean reward, 0 before its first observation. */
    public double mean(ArmStats arm) {
        double n = observations(arm);
        return n == 0 ? 0.0 : arm.rewardSum() / n;
    }

    /** The wire name: {@code binary} or {@code continuous}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The kind with the given wire name.
     *
     * @throws InvalidParameterException when the name is neither {@code binary} nor {@code continuous}
     */
    public static RewardKind fromWireName(String name) {
        for (RewardKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return kind;
            }
        }
        throw new InvalidParameterException("reward", "must be 'binary' or 'continuous', was '" + name + "'");
    }
}
