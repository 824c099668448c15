package dev.lever.analysis;

import dev.lever.analysis.Views.SampleSizeAnswer;
import dev.lever.error.LeverException;
import dev.lever.experiment.FieldPath;
import dev.lever.experiment.Plan;
import dev.lever.experiment.PlanSpec;
import dev.lever.policy.RewardKind;
import dev.lever.stats.SampleSize;

/** Answers {@code POST /sample-size}: units per arm for a planned test. */
final class SampleSizeService {

    private SampleSizeService() {
    }

    static SampleSizeAnswer plan(PlanSpec spec) {
        if (spec == null) {
            throw LeverException.invalid(null, "request body is required, e.g. {\"baseline\": 0.04, "
                    + "\"minimumDetectableEffect\": 0.1}");
        }
        RewardKind kind = spec.type() == null ? RewardKind.BINARY
                : RewardKind.fromWireName(FieldPath.of("type").oneOf(spec.type(), "binary", "continuous"));
        Plan plan = Plan.parse(FieldPath.ROOT, spec, kind);
        double ratio = spec.ratio() == null ? 1.0 : spec.ratio();
        SampleSize size = plan.sampleSize(kind, ratio, FieldPath.ROOT);
        SampleSize sequential = plan.sampleSize(kind, ratio, true, FieldPath.ROOT);
        return new SampleSizeAnswer(size.control(), size.challenger(), size.control() + size.challenger(),
                plan.alpha(), plan.power(), plan.absoluteEffect(), sequential.control(), sequential.challenger());
    }
}
