package dev.lever.evaluation;

/**
 * One logged decision as the estimators see it.
 *
 * @param propensity the logging policy's probability of the chosen arm (logged)
 * @param target the candidate's probability of the same arm, given what it knew at that decision (and, for a
 *     contextual candidate, the decision's context)
 * @param reward the decision's reward: the values credited to it, 0 when none arrived
 * @param direct the reward model's value of the candidate's allocation at that decision,
 *     {@code sum over arms of allocation(a) x model(x, a)}
 * @param modelled the reward model's value of the chosen arm, {@code model(x, a_i)}
 * @param allocation the candidate's probability of each arm at that decision (shared, not to be changed)
 */
public record Sample(double propensity, double target, double reward, double direct, double modelled,
        double[] allocation) {

    /** The importance weight {@code target / propensity}. */
    public double weight() {
        return target / propensity;
    }
}
