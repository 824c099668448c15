package dev.lever.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code features} object of an experiment definition: how a contextual policy turns a request's context into
 * a feature vector (see {@link dev.lever.context.FeatureSpace}).
 *
 * @param dimension the number of slots d of the hashed feature vector, bias included, in [2, 64]
 * @param model {@code disjoint} (the default: one model per arm) or {@code shared} (one model over the joint
 *     features of the context and the arm, see {@link dev.lever.context.LinearModel}); {@code null} when the request
 *     did not say
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeaturesSpec(Integer dimension, String model) {

    /** The features object of the disjoint model, which leaves {@code model} out. */
    public FeaturesSpec(Integer dimension) {
        this(dimension, null);
    }
}
