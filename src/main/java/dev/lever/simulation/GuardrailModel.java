package dev.lever.simulation;

/**
 * The guardrail a scenario watches (a latency, an error rate) and the stop rule's settings, as an experiment
 * declares them: each arm draws one value of the guardrail metric per decision from its own distribution, and an arm
 * shown worse than the control by more than the margin stops receiving traffic.
 *
 * @param metric the metric's name, for the report
 * @param higherIsBetter the metric's good direction
 * @param margin the accepted harm, >= 0: a share of the control's value when relative, else in the metric's unit
 * @param relative whether the margin is relative
 * @param control the index of the control arm, which is never stopped
 * @param alpha the experiment's level, split among the other arms as the service splits it
 */
public record GuardrailModel(String metric, boolean higherIsBetter, double margin, boolean relative, int control,
        double alpha) {
}
