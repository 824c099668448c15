package dev.lever.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A metric as written in an experiment definition.
 *
 * @param id the metric id, as rewards name it
 * @param type {@code binary} (a rate; a decision never rewarded counts as 0) or {@code continuous} (a mean over the
 *     received values); default binary
 * @param direction {@code higher} or {@code lower}: which way is better; default higher
 * @param guardrail whether this is a guardrail (a metric that must not get worse) rather than the primary metric
 * @param margin for a guardrail, how much worse the challenger may be: the non-inferiority margin, >= 0
 * @param marginType {@code relative} (a share of the control's value, e.g. 0.05 = 5%; the default) or
 *     {@code absolute} (in the metric's unit)
 * @param form {@code ratio} (the default: per exposure for a binary metric, per value received for a continuous
 *     one) or {@code per-unit} (binary: the share of units that converted at least once; continuous: the sum per
 *     unit)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricSpec(String id, String type, String direction, Boolean guardrail, Double margin,
        String marginType, String form) {
}
