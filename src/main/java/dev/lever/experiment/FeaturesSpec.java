package dev.lever.experiment;

/**
 * The {@code features} object of an experiment definition: how a contextual policy turns a request's context into
 * a feature vector (see {@link dev.lever.context.FeatureSpace}).
 *
 * @param dimension the number of slots d of the hashed feature vector, bias included, in [2, 64]
 */
public record FeaturesSpec(Integer dimension) {
}
