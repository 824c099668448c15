package dev.lever.experiment;

/**
 * An arm of an experiment: a model version, ranking or variant that can serve a unit.
 *
 * @param id the arm id
 * @param retired a retired arm gets no traffic (sticky units leave it); its statistics stay
 * @param stop why a guardrail stopped the arm, or {@code null}: the arm is retired while the stop is not
 *     reinstated, and the record stays as history once it is
 */
public record Arm(String id, boolean retired, ArmStop stop) {

    public Arm(String id, boolean retired) {
        this(id, retired, null);
    }

    /** Whether a guardrail stopped the arm and no operator has reinstated it. */
    public boolean stopped() {
        return stop != null && !stop.reinstated();
    }

    /** Whether the guardrails still watch the arm: it is active and no operator overrode a stop of it. */
    public boolean watched() {
        return !retired && stop == null;
    }
}
