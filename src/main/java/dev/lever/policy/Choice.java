package dev.lever.policy;

/**
 * The arm a policy chose and the probability it had of choosing it.
 *
 * <p>Logging the propensity with every decision is what makes off-policy evaluation (inverse propensity scoring)
 * of the logged traffic possible later.
 *
 * @param arm the index of the chosen arm in the array of arms the policy was given
 * @param propensity the probability, in (0, 1], that the policy chose this arm
 */
public record Choice(int arm, double propensity) {

    public Choice {
        if (arm < 0) {
            throw new IllegalArgumentException("arm must be >= 0, was " + arm);
        }
        if (!(propensity > 0.0 && propensity <= 1.0 + 1e-9)) {
            throw new IllegalArgumentException("propensity must be in (0, 1], was " + propensity);
        }
    }
}
