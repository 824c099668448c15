package dev.lever.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A fixed split's planned sample, as written in the definition (and the body of {@code POST /sample-size}).
 *
 * @param baseline the control's expected value of the primary metric (a rate for a binary metric)
 * @param minimumDetectableEffect the smallest lift worth detecting
 * @param effect {@code relative} (a share of the baseline; the default) or {@code absolute}
 * @param standardDeviation for a continuous primary metric: its standard deviation
 * @param alpha the significance level, in (0, 0.5]; default 0.05
 * @param power the probability of detecting the effect, in (0, 1); default 0.8
 * @param ratio for {@code POST /sample-size}: challenger units per control unit; default 1 (in a definition the
 *     weights decide it)
 * @param type for {@code POST /sample-size}: {@code binary} (the default) or {@code continuous}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanSpec(Double baseline, Double minimumDetectableEffect, String effect, Double standardDeviation,
        Double alpha, Double power, Double ratio, String type) {
}
