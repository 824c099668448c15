package dev.lever.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request's context as a decision log keeps it: the names and values the client sent, checked by the rules of
 * {@link FeatureSpace} (so it is bounded: at most {@value FeatureSpace#MAX_FEATURES} features, names of at most
 * {@value FeatureSpace#MAX_NAME_LENGTH} characters, strings of at most {@value FeatureSpace#MAX_STRING_LENGTH}), and
 * written as canonical JSON: keys in order, no white space. The log keeps the context rather than its feature
 * vector because the vector depends on a dimension, and an evaluation may encode the same context into another one.
 *
 * @param values feature name to value (a string, number, boolean or null), in name order, unmodifiable
 */
public record Context(Map<String, Object> values) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    public Context {
        FeatureSpace.validate(values);
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * A context as a request sent it.
     *
     * @throws InvalidContextException naming the first field that breaks a rule of {@link FeatureSpace}
     */
    public static Context of(Map<String, ?> sent) {
        return new Context(new TreeMap<>(sent));
    }

    /**
     * A context read back from its {@link #json()}.
     *
     * @throws IllegalArgumentException when the text is not a JSON object of valid features
     */
    public static Context parse(String json) {
        try {
            return new Context(JSON.readValue(json, OBJECT));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a logged context must be a JSON object, was: " + json, e);
        }
    }

    /**
     * The canonical JSON text, {@code {"country":"de","device":"mobile","hour":13}}: the same context always gives the
     * same text, and {@link #parse} gives back values that encode to the same features (numbers keep their value:
     * a double is written with the digits that read back as the same double).
     */
    public String json() {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings, numbers, booleans and nulls are always written", e);
        }
    }
}
