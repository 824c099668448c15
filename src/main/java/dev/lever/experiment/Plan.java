package dev.lever.experiment;

import dev.lever.error.LeverException;
import dev.lever.policy.RewardKind;
import dev.lever.stats.InvalidStatisticsArgumentException;
import dev.lever.stats.SampleSize;

/**
 * A planned sample: the effect the test must be able to detect, at what significance and power.
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
     * Validates a requested plan for a primary metric of the given kind.
     *
     * @param at the path of the plan in the request ({@code plan}, or {@link FieldPath#ROOT} for a request body)
     * @throws LeverException (invalid) naming the first offending field
     */
    public static Plan parse(FieldPath at, PlanSpec spec, RewardKind kind) {
        if (spec.baseline() == null) {
            throw at.field("baseline").invalid("is required: the control's expected "
                    + (kind == RewardKind.BINARY ? "rate, in (0, 1)" : "mean"));
        }
        if (spec.minimumDetectableEffect() == null) {
            throw at.field("minimumDetectableEffect").invalid("is required: the smallest lift worth detecting, "
                    + "e.g. 0.1 for 10%");
        }
        boolean relative = spec.effect() == null
                || at.field("effect").oneOf(spec.effect(), "relative", "absolute").equals("relative");
        if (kind == RewardKind.CONTINUOUS && spec.standardDeviation() == null) {
            throw at.field("standardDeviation").invalid("is required for a continuous metric");
        }
        if (kind == RewardKind.BINARY && spec.standardDeviation() != null) {
            throw at.field("standardDeviation").invalid("applies to continuous metrics only; a rate's variance "
                    + "follows from its baseline");
        }
        Plan plan = of(spec, relative);
        plan.sampleSize(kind, 1.0, at);
        return plan;
    }

    /**
     * A stored plan, read as the trusted data it is: no range is checked again, so a plan accepted by an earlier
     * release stays readable.
     *
     * @throws IllegalStateException when the baseline or the effect is missing
     */
    static Plan fromStored(PlanSpec spec) {
        if (spec.baseline() == null || spec.minimumDetectableEffect() == null) {
            throw new IllegalStateException("a plan needs a baseline and a minimumDetectableEffect");
        }
        return of(spec, !"absolute".equals(spec.effect()));
    }

    private static Plan of(PlanSpec spec, boolean relative) {
        return new Plan(spec.baseline(), spec.minimumDetectableEffect(), relative,
                spec.standardDeviation() == null ? 0 : spec.standardDeviation(),
                spec.alpha() == null ? DEFAULT_ALPHA : spec.alpha(),
                spec.power() == null ? DEFAULT_POWER : spec.power());
    }

    /**
     * Units per arm for a challenger with {@code ratio} units per control unit, for a fixed-horizon test.
     *
     * @throws LeverException (invalid) naming the field at fault when the plan cannot be met
     */
    public SampleSize sampleSize(RewardKind kind, double ratio, FieldPath at) {
        return sampleSize(kind, ratio, false, at);
    }

    /**
     * Units per arm for a challenger with {@code ratio} units per control unit: for a fixed-horizon test, or for the
     * always-valid sequential test with its mixing scale tuned to this plan ({@link SampleSize#sequentialForRate}),
     * which needs more units to keep the same power however often it is looked at.
     *
     * @throws LeverException (invalid) naming the field at fault when the plan cannot be met
     */
    public SampleSize sampleSize(RewardKind kind, double ratio, boolean sequential, FieldPath at) {
        try {
            if (sequential) {
                return kind == RewardKind.BINARY
                        ? SampleSize.sequentialForRate(baseline, minimumDetectableEffect, relative, alpha, power, ratio)
                        : SampleSize.sequentialForMean(baseline, standardDeviation, minimumDetectableEffect, relative,
                                alpha, power, ratio);
            }
            return kind == RewardKind.BINARY
                    ? SampleSize.forRate(baseline, minimumDetectableEffect, relative, alpha, power, ratio)
                    : SampleSize.forMean(baseline, standardDeviation, minimumDetectableEffect, relative, alpha, power,
                            ratio);
        } catch (InvalidStatisticsArgumentException e) {
            throw at.field(e.field()).invalid(e.getMessage().substring(e.field().length() + 1));
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
