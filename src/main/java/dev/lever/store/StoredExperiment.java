package dev.lever.store;

/**
 * An experiment's definition as the store keeps it.
 *
 * @param id the experiment id
 * @param definition the definition as JSON; the store does not interpret it
 * @param version incremented by every save, for optimistic concurrency and to tell replicas it changed
 * @param epoch fixed when the experiment is created and kept by later saves: a decision issued under another
 *     epoch belongs to a deleted incarnation of the experiment and is not credited
 * @param createdMillis when this incarnation was created, ms since the Unix epoch; 0 when the store does not know
 *     (an experiment created before the store recorded it)
 */
public record StoredExperiment(String id, String definition, long version, String epoch, long createdMillis) {
}
