package dev.lever.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lever.experiment.ArmStop;
import java.util.List;
import java.util.Map;

/** The JSON shapes of an analysis. */
final class Views {

    private Views() {
    }

    /**
     * The whole analysis of an experiment.
     *
     * @param unit what one observation is: {@code user} or {@code session} (the split's unit), or {@code decision}
     *     for a request split
     * @param units per arm, the units of analysis: distinct users or sessions, or decisions for a request split
     * @param decisions per arm, the decisions made (a returning user makes several)
     * @param plannedUnitsPerArm the plan's sample per arm (for a sequential test, the sample at which the tuned
     *     always-valid test reaches the planned power)
     * @param guardrailStops by arm, why a guardrail stopped it (an arm still stopped is no longer analysed); absent
     *     when none was
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Analysis(String experiment, String test, String unit, double alpha, String control,
            Map<String, Long> units, Map<String, Long> decisions, Long plannedUnitsPerArm, SampleRatioView sampleRatio,
            List<MetricAnalysis> metrics, Verdict verdict, Map<String, ArmStop> guardrailStops) {
    }

    /** Sample-ratio mismatch of the observed units against the planned weights. */
    record SampleRatioView(double pValue, boolean mismatch, Map<String, Double> plannedWeights) {
    }

    /**
     * One metric across the arms.
     *
     * @param form {@code ratio} (per exposure, or per value received) or {@code per-unit}
     * @param cuped the CUPED adjustment, when units sent pre-experiment values of this metric
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MetricAnalysis(String metric, String type, String form, String direction, String role, Double margin,
            String marginType, List<ArmEstimate> arms, List<ChallengerResult> comparisons, CupedView cuped) {
    }

    /** One arm's estimate of one metric with its confidence interval; observations are units (or decisions). */
    record ArmEstimate(String arm, long observations, double value, Double[] interval) {
    }

    /**
     * A challenger against the control on one metric. {@code pValueValid} is false for a fixed-horizon test
     * before the planned sample is reached: until then its p-value and intervals must not be acted on. For a
     * sequential test the p-value is the running always-valid one (it never rises) and the interval the running
     * confidence sequence (it only narrows).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChallengerResult(String challenger, double absoluteLift, Double[] absoluteInterval, Double relativeLift,
            Double[] relativeInterval, double pValue, boolean pValueValid, boolean significant, String guardrail,
            CupedResult cuped) {
    }

    /**
     * The CUPED adjustment of a metric (Deng, Xu, Kohavi &amp; Walker 2013).
     *
     * @param theta the pooled regression coefficient of the metric on the pre-experiment value
     * @param varianceReduction the share of the variance removed, 1 - adjusted / plain
     */
    record CupedView(double theta, double varianceReduction) {
    }

    /** A challenger against the control on the CUPED-adjusted metric, beside the plain comparison. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CupedResult(double absoluteLift, Double[] absoluteInterval, Double relativeLift, Double[] relativeInterval,
            double pValue) {
    }

    /** What to do, in words. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Verdict(String decision, String challenger, Long unitsStillNeeded, String reason) {
    }

    /**
     * The answer of {@code POST /sample-size}: units per arm for a fixed-horizon test, and for an always-valid
     * sequential test with the same power.
     */
    record SampleSizeAnswer(long controlUnits, long challengerUnits, long totalUnits, double alpha, double power,
            double absoluteEffect, long sequentialControlUnits, long sequentialChallengerUnits) {
    }
}
