package dev.lever.experiment;

import dev.lever.policy.RewardKind;

/**
 * A metric of an experiment.
 *
 * @param id the metric id
 * @param kind binary (rate) or continuous (mean)
 * @param higherIsBetter the direction of improvement
 * @param guardrail whether the metric is a guardrail
 * @param margin a guardrail's non-inferiority margin (0 for the primary metric)
 * @param relativeMargin whether the margin is a share of the control's value rather than an absolute amount
 * @param form what the metric's value is averaged over: each exposure (or value received), or each unit
 */
public record Metric(String id, RewardKind kind, boolean higherIsBetter, boolean guardrail, double margin,
        boolean relativeMargin, MetricForm form) {

    /** The id of the single metric of an experiment that defines none. */
    public static final String REWARD = "reward";

    /** The single metric of an experiment that defines none: its reward. */
    public static Metric reward(RewardKind kind) {
        return new Metric(REWARD, kind, true, false, 0, true, MetricForm.RATIO);
    }

    MetricSpec toSpec() {
        return new MetricSpec(id, kind.wireName(), higherIsBetter ? "higher" : "lower", guardrail ? true : null,
                guardrail ? margin : null, guardrail ? (relativeMargin ? "relative" : "absolute") : null,
                form.wireName());
    }
}
