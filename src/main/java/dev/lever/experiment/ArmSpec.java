package dev.lever.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * An arm as written in an experiment definition: either a bare id ({@code "model-b"}) or an object
 * ({@code {"id": "model-b", "retired": true}}).
 *
 * @param id the arm id
 * @param retired whether the arm is retired: it gets no traffic, but its statistics stay; {@code null} when the
 *     request did not say (a bare id, or an object without {@code retired}), which means active for a new arm and
 *     may not bring a retired arm back
 * @param guardrailStop why a guardrail stopped the arm ({@link ArmStop}); written by the service only: a request's
 *     value is ignored and the stored record kept
 * @param features the arm's attributes for the shared linear model ({@code {"topic": "sports", "length": 0.4}}),
 *     by the rules of a context; {@code null} for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "retired", "features", "guardrailStop"})
public record ArmSpec(String id, Boolean retired, ArmStop guardrailStop, Map<String, Object> features) {

    public ArmSpec(String id, Boolean retired) {
        this(id, retired, null, null);
    }

    public ArmSpec(String id, Boolean retired, ArmStop guardrailStop) {
        this(id, retired, guardrailStop, null);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ArmSpec of(String id) {
        return new ArmSpec(id, null);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static ArmSpec of(@JsonProperty("id") String id, @JsonProperty("retired") Boolean retired,
            @JsonProperty("guardrailStop") ArmStop guardrailStop,
            @JsonProperty("features") Map<String, Object> features) {
        return new ArmSpec(id, retired, guardrailStop, features);
    }

    /** Whether the arm is retired; an arm that does not say is active. */
    boolean isRetired() {
        return Boolean.TRUE.equals(retired);
    }
}
