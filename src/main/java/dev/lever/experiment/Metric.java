package dev.lever.experiment;

import dev.lever.error.LeverException;
import dev.lever.policy.InvalidParameterException;
import dev.lever.policy.RewardKind;

/**
 * A validated metric of an experiment.
 *
 * @param id the metric id
 * @param kind binary (rate) or continuous (mean)
 * @param higherIsBetter the direction of improvement
 * @param guardrail whether the metric is a guardrail
 * @param margin a guardrail's non-inferiority margin (0 for the primary metric)
 * @param relativeMargin whether the margin is a share of the control's value rather than an absolute amount
 */
public record Metric(String id, RewardKind kind, boolean higherIsBetter, boolean guardrail, double margin,
        boolean relativeMargin) {

    /** The id of the single metric of an experiment that defines none. */
    public static final String REWARD = "reward";

    /** The single metric of an experiment that defines none: its reward. */
    public static Metric reward(RewardKind kind) {
        return new Metric(REWARD, kind, true, false, 0, true);
    }

    static Metric from(String field, MetricSpec spec) {
        if (spec == null) {
            throw LeverException.invalid(field, field + " must be a metric object, e.g. {\"id\": \"click\", "
                    + "\"type\": \"binary\", \"direction\": \"higher\"}");
        }
        String id = Ids.require(field + ".id", spec.id());
        RewardKind kind;
        try {
            kind = spec.type() == null ? RewardKind.BINARY : RewardKind.fromWireName(spec.type());
        } catch (InvalidParameterException e) {
            throw LeverException.invalid(field + ".type", field + ".type must be 'binary' or 'continuous', was '"
                    + spec.type() + "'");
        }
        boolean higher = true;
        if (spec.direction() != null) {
            if (!spec.direction().equals("higher") && !spec.direction().equals("lower")) {
                throw LeverException.invalid(field + ".direction", field + ".direction must be 'higher' or "
                        + "'lower', was '" + spec.direction() + "'");
            }
            higher = spec.direction().equals("higher");
        }
        boolean guardrail = Boolean.TRUE.equals(spec.guardrail());
        if (!guardrail) {
            if (spec.margin() != null || spec.marginType() != null) {
                throw LeverException.invalid(field + ".margin", field + ".margin applies to guardrails only; "
                        + "set \"guardrail\": true or remove it");
            }
            return new Metric(id, kind, higher, false, 0, true);
        }
        if (spec.margin() == null) {
            throw LeverException.invalid(field + ".margin", field + ".margin is required for a guardrail: how "
                    + "much worse the challenger may be, e.g. 0.05 for 5%");
        }
        boolean relative = true;
        if (spec.marginType() != null) {
            if (!spec.marginType().equals("relative") && !spec.marginType().equals("absolute")) {
                throw LeverException.invalid(field + ".marginType", field + ".marginType must be 'relative' or "
                        + "'absolute', was '" + spec.marginType() + "'");
            }
            relative = spec.marginType().equals("relative");
        }
        double margin = spec.margin();
        if (!(margin >= 0 && (relative ? margin <= 10 : Double.isFinite(margin)))) {
            throw LeverException.invalid(field + ".margin", field + ".margin must be "
                    + (relative ? "in [0, 10] (a share of the control's value)" : "a finite number >= 0")
                    + ", was " + margin);
        }
        return new Metric(id, kind, higher, true, margin, relative);
    }

    MetricSpec toSpec() {
        return new MetricSpec(id, kind.wireName(), higherIsBetter ? "higher" : "lower", guardrail ? true : null,
                guardrail ? margin : null, guardrail ? (relativeMargin ? "relative" : "absolute") : null);
    }
}
