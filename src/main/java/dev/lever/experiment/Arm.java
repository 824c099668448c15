package dev.lever.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An arm of an experiment: a model version, ranking or variant that can serve a unit.
 *
 * @param id the arm id
 * @param retired a retired arm gets no traffic (sticky units leave it); its statistics stay
 * @param stop why a guardrail stopped the arm, or {@code null}: the arm is retired while the stop is not
 *     reinstated, and the record stays as history once it is
 * @param features the arm's attributes for the shared linear model, as the definition gives them (validated by
 *     the rules of a context); {@code null} for none
 */
public record Arm(String id, boolean retired, ArmStop stop, Map<String, Object> features) {

    public Arm {
        // Insertion order kept as given, for the views; null values are allowed (an attribute left unset).
        features = features == null || features.isEmpty() ? null
                : Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    public Arm(String id, boolean retired, ArmStop stop) {
        this(id, retired, stop, null);
    }

    public Arm(String id, boolean retired) {
        this(id, retired, null, null);
    }

    /** This arm, retired or active, with this stop record, and its attributes. */
    Arm with(boolean retired, ArmStop stop) {
        return new Arm(id, retired, stop, features);
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
