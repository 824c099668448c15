package dev.lever.experiment;

/**
 * A change of an experiment made through this replica, announced synchronously before the change's call returns,
 * so that caches of the definition in this replica are up to date by the time the caller sees the answer.
 *
 * @param id the experiment id
 * @param saved the definition as saved, or {@code null} when the experiment was deleted
 */
public record ExperimentChanged(String id, VersionedExperiment saved) {
}
