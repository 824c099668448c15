package dev.lever.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An arm as written in an experiment definition: either a bare id ({@code "model-b"}) or an object
 * ({@code {"id": "model-b", "retired": true}}).
 *
 * @param id the arm id
 * @param retired whether the arm is retired: it gets no traffic, but its statistics stay
 */
public record ArmSpec(String id, boolean retired) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ArmSpec of(String id) {
        return new ArmSpec(id, false);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static ArmSpec of(@JsonProperty("id") String id, @JsonProperty("retired") Boolean retired) {
        return new ArmSpec(id, Boolean.TRUE.equals(retired));
    }
}
