package dev.lever.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The JSON shapes of an analysis. */
final class Views {

    private Views() {
    }

    /** The whole analysis of an experiment. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Analysis(String experiment, String test, double alpha, String control, Map<String, Long> units,
            Long plannedUnitsPerArm, SampleRatioView sampleRatio, List<MetricAnalysis> metrics, Verdict verdict) {
    }

    /** Sample-ratio mismatch of the observed units against the planned weights. */
    record SampleRatioView(double pValue, boolean mismatch, Map<String, Double> plannedWeights) {
    }

    /** One metric across the arms. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MetricAnalysis(String metric, String type, String direction, String role, Double margin,
            String marginType, List<ArmEstimate> arms, List<ChallengerResult> comparisons) {
    }

    /** One arm's estimate of one metric with its confidence interval. */
    record ArmEstimate(String arm, long observations, double value, Double[] interval) {
    }

    /**
     * A challenger against the control on one metric. {@code pValueValid} is false for a fixed-horizon test
     * before the planned sample is reached: until then its p-value and intervals must not be acted on.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChallengerResult(String challenger, double absoluteLift, Double[] absoluteInterval, Double relativeLift,
            Double[] relativeInterval, double pValue, boolean pValueValid, boolean significant, String guardrail) {
    }

    /** What to do, in words. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Verdict(String decision, String challenger, Long unitsStillNeeded, String reason) {
    }

    /** The answer of {@code POST /sample-size}. */
    record SampleSizeAnswer(long controlUnits, long challengerUnits, long totalUnits, double alpha, double power,
            double absoluteEffect) {
    }
}
