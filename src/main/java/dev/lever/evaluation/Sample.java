package dev.lever.evaluation;

/**
 * One logged decision as the estimators see it.
 *
 * @param propensity the logging policy's probability of the chosen arm (logged)
 * @param target the candidate's probability of the same arm, given what it knew at that decision
 * @param reward the decision's reward: the values credited to it, 0 when none arrived
 * @param direct the reward model's value of the candidate's allocation at that decision,
 *     {@code sum over arms of target(a) x model(a)}
 * @param modelled the reward model's value of the chosen arm
 */
public record Sample(double propensity, double target, double reward, double direct, double modelled) {

    /** The importance weight {@code target / propensity}. */
    public double weight() {
        return target / propensity;
    }
}
