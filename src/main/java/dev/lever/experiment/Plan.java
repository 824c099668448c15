package dev.lever.experiment;

import dev.lever.error.LeverException;
import dev.lever.policy.RewardKind;
import dev.lever.stats.InvalidStatisticsArgumentException;
import dev.lever.stats.SampleSize;

/**
 * A validated planned sample: the effect the test must be able to detect, at what significance and power.
 *
 * @param baseline the control's expected value of the primary metric
 * @param minimumDetectableEffect the smallest lift worth detecting, relative or absolute
 * @param relative whether the effect is a share of the baseline
 * @param standardDeviation the metric's standard deviation (continuous metrics), else 0
 * @param alpha the significance level
 * @param power the power
 */
public record Plan(double baseline, double minimumDetectableEffect, boolean relative, double standardDeviation,
        double alpha, double power) {

    public static final double DEFAULT_ALPHA = 0.05;
    public static final double DEFAULT_POWER = 0.8;

    /**
     * Validates a plan for a primary metric of the given kind.
     *
     * @param field the JSON path of the plan, for error messages ({@code plan}, or empty for a request body)
     */
    public static Plan from(String field, PlanSpec spec, RewardKind kind) {
        String prefix = field.isEmpty() ? "" : field + ".";
        if (!field.isEmpty() && (spec.ratio() != null || spec.type() != null)) {
            throw LeverException.invalid(prefix + (spec.ratio() != null ? "ratio" : "type"), prefix
                    + (spec.ratio() != null ? "ratio" : "type") + " does not belong in an experiment's plan: the "
                    + "weights give the ratio and the primary metric the type");
        }
        if (spec.baseline() == null) {
            throw LeverException.invalid(prefix + "baseline", prefix + "baseline is required: the control's "
                    + "expected " + (kind == RewardKind.BINARY ? "rate, in (0, 1)" : "mean"));
        }
        if (spec.minimumDetectableEffect() == null) {
            throw LeverException.invalid(prefix + "minimumDetectableEffect", prefix + "minimumDetectableEffect is "
                    + "required: the smallest lift worth detecting, e.g. 0.1 for 10%");
        }
        boolean relative = true;
        if (spec.effect() != null) {
            if (!spec.effect().equals("relative") && !spec.effect().equals("absolute")) {
                throw LeverException.invalid(prefix + "effect", prefix + "effect must be 'relative' or 'absolute', "
                        + "was '" + Ids.printable(spec.effect()) + "'");
            }
            relative = spec.effect().equals("relative");
        }
        if (kind == RewardKind.CONTINUOUS && spec.standardDeviation() == null) {
            throw LeverException.invalid(prefix + "standardDeviation", prefix + "standardDeviation is required "
                    + "for a continuous metric");
        }
        if (kind == RewardKind.BINARY && spec.standardDeviation() != null) {
            throw LeverException.invalid(prefix + "standardDeviation", prefix + "standardDeviation applies to "
                    + "continuous metrics only; a rate's variance follows from its baseline");
        }
        Plan plan = new Plan(spec.baseline(), spec.minimumDetectableEffect(), relative,
                spec.standardDeviation() == null ? 0 : spec.standardDeviation(),
                spec.alpha() == null ? DEFAULT_ALPHA : spec.alpha(),
                spec.power() == null ? DEFAULT_POWER : spec.power());
        plan.sampleSize(kind, 1.0, prefix);
        return plan;
    }

    /**
     * Units per arm for a challenger with {@code ratio} units per control unit.
     *
     * @throws LeverException (invalid) naming the field at fault when the plan cannot be met
     */
    public SampleSize sampleSize(RewardKind kind, double ratio, String prefix) {
        try {
            return kind == RewardKind.BINARY
                    ? SampleSize.forRate(baseline, minimumDetectableEffect, relative, alpha, power, ratio)
                    : SampleSize.forMean(baseline, standardDeviation, minimumDetectableEffect, relative, alpha, power,
                            ratio);
        } catch (InvalidStatisticsArgumentException e) {
            throw LeverException.invalid(prefix + e.field(), prefix + e.getMessage());
        }
    }

    /** The effect in the metric's unit. */
    public double absoluteEffect() {
        return relative ? baseline * minimumDetectableEffect : minimumDetectableEffect;
    }

    PlanSpec toSpec(RewardKind kind) {
        return new PlanSpec(baseline, minimumDetectableEffect, relative ? "relative" : "absolute",
                kind == RewardKind.CONTINUOUS ? standardDeviation : null, alpha, power, null, null);
    }
}
