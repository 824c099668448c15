package dev.lever.simulation;

import dev.lever.stats.Estimate;
import dev.lever.stats.GuardrailMonitor;
import dev.lever.stats.Summary;
import dev.lever.stats.UnitMetrics;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The service's guardrail stop rule inside one simulation run: each arm's values of the guardrail metric, and at
 * each refresh the {@link GuardrailMonitor} judging every active arm against the control at the level the service
 * uses ({@link GuardrailMonitor#levelPerArm}), with the decision-level estimates the service computes from the same
 * moments ({@link UnitMetrics#decisionLevel}). A stopped arm stays stopped.
 */
final class GuardrailStops {

    private final GuardrailModel model;
    private final List<ArmModel> arms;
    private final GuardrailMonitor monitor;
    private final boolean binary;
    private final Summary[] values;
    /** The step (1-based) at which each arm was stopped; 0 while it serves. */
    private final long[] stoppedAt;
    private int[] active;

    GuardrailStops(GuardrailModel model, List<ArmModel> arms) {
        this.model = model;
        this.arms = arms;
        this.monitor = new GuardrailMonitor(model.margin(), model.relative(), model.higherIsBetter(),
                GuardrailMonitor.levelPerArm(model.alpha(), arms.size()), GuardrailMonitor.DEFAULT_MINIMUM_OBSERVATIONS);
        this.binary = arms.stream().allMatch(a -> a.guardrail().sd() == 0);
        this.values = new Summary[arms.size()];
        Arrays.fill(values, Summary.EMPTY);
        this.stoppedAt = new long[arms.size()];
        this.active = IntStream.range(0, arms.size()).toArray();
    }

    /** The indices of the arms still serving, in arm order. */
    int[] active() {
        return active;
    }

    /** Records one decision's guardrail value, drawn from the arm's distribution. */
    void observe(int arm, RandomGenerator rng) {
        values[arm] = values[arm].plus(arms.get(arm).guardrail().draw(rng));
    }

    /** Judges every serving arm but the control after {@code step} decisions; stops those that fail. */
    void check(long step) {
        Estimate control = estimate(model.control());
        int stops = 0;
        for (int arm : active) {
            if (arm != model.control() && monitor.look(control, estimate(arm)).map(GuardrailMonitor.Look::failed)
                    .orElse(false)) {
                stoppedAt[arm] = step;
                stops++;
            }
        }
        if (stops > 0) {
            active = Arrays.stream(active).filter(a -> stoppedAt[a] == 0).toArray();
        }
    }

    /** The step (1-based) at which each arm was stopped, 0 for an arm never stopped. */
    long[] stoppedAt() {
        return stoppedAt.clone();
    }

    /** A binary metric's rate over its decisions, or a continuous one's mean; null below two values. */
    private Estimate estimate(int arm) {
        Summary s = values[arm];
        if (s.count() < 2) {
            return null;
        }
        return binary ? UnitMetrics.decisionLevel(Summary.ofRate(s.count(), Math.round(s.sum())), true)
                : UnitMetrics.decisionLevel(s);
    }
}
