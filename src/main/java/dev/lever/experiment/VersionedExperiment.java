package dev.lever.experiment;

/**
 * An experiment with the store's bookkeeping.
 *
 * @param experiment the definition
 * @param version incremented by every change of the definition
 * @param epoch fixed at creation: decisions carry it, so that a decision of a deleted experiment cannot credit a
 *     new one of the same id
 * @param createdMillis when this incarnation was created, ms since the Unix epoch; 0 when unknown
 */
public record VersionedExperiment(Experiment experiment, long version, String epoch, long createdMillis) {
}
