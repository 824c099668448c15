package dev.lever.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An experiment definition as JSON carries it: the body of {@code PUT /experiments/{id}} and the stored form.
 * {@link ExperimentParser} validates it, naming each offending field.
 *
 * @param arms the arms, 2 to 1000 unique ids, as strings or {@code {"id", "retired"}} objects
 * @param policy the policy: {@code type} plus its parameters
 * @param reward {@code binary} (the default) or {@code continuous}
 * @param rewardWindow how long a decision can still be rewarded, e.g. {@code 24h} (the default)
 * @param sticky whether a unit keeps the arm it was first given (default false)
 * @param stickyTtl for a sticky experiment, how long a unit that does not come back keeps its arm, e.g. {@code 30d}
 *     (the default)
 * @param metrics the metrics rewards may carry: one primary metric and any number of guardrails; default a single
 *     primary metric {@code reward} of the {@code reward} type
 * @param split for a fixed split: {@code user} (the default), {@code session} or {@code request}
 * @param control for a fixed split: the control arm, which challengers are compared with; default the first arm
 * @param plan for a fixed split: the planned sample, from which the analysis knows when its fixed-horizon
 *     p-values become valid
 * @param test for a fixed split: {@code fixed-horizon} (the default: p-values valid at the planned sample) or
 *     {@code sequential} (always-valid p-values: look as often as you like)
 * @param autoStop for a fixed split with guardrail metrics: whether a challenger shown worse than a guardrail's
 *     margin stops receiving traffic (default false; a bandit with guardrails always stops such an arm)
 * @param log whether every decision and the rewards credited to it are kept in the experiment's decision log
 *     (default false)
 * @param features for a contextual policy (and only for one): the dimension of the hashed feature vector
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentSpec(List<ArmSpec> arms, Map<String, Object> policy, String reward, String rewardWindow,
        Boolean sticky, String stickyTtl, List<MetricSpec> metrics, String split, String control, PlanSpec plan,
        String test, Boolean autoStop, Boolean log, FeaturesSpec features) {

    /** A definition without the auto-stop, decision log and features options (all off). */
    public ExperimentSpec(List<ArmSpec> arms, Map<String, Object> policy, String reward, String rewardWindow,
            Boolean sticky, String stickyTtl, List<MetricSpec> metrics, String split, String control, PlanSpec plan,
            String test) {
        this(arms, policy, reward, rewardWindow, sticky, stickyTtl, metrics, split, control, plan, test, null, null,
                null);
    }

    /** A definition without the decision log and features options (off). */
    public ExperimentSpec(List<ArmSpec> arms, Map<String, Object> policy, String reward, String rewardWindow,
            Boolean sticky, String stickyTtl, List<MetricSpec> metrics, String split, String control, PlanSpec plan,
            String test, Boolean autoStop) {
        this(arms, policy, reward, rewardWindow, sticky, stickyTtl, metrics, split, control, plan, test, autoStop,
                null, null);
    }

    /** This definition with the decision log on, or the option left out when off (its default). */
    ExperimentSpec withLog(boolean on) {
        return new ExperimentSpec(arms, policy, reward, rewardWindow, sticky, stickyTtl, metrics, split, control, plan,
                test, autoStop, on ? Boolean.TRUE : null, features);
    }

    /** This definition with the given features object ({@code null}: none). */
    ExperimentSpec withFeatures(FeaturesSpec features) {
        return new ExperimentSpec(arms, policy, reward, rewardWindow, sticky, stickyTtl, metrics, split, control, plan,
                test, autoStop, log, features);
    }
}
