package dev.lever.experiment;

/**
 * An arm of an experiment: a model version, ranking or variant that can serve a unit.
 *
 * @param id the arm id
 * @param retired a retired arm gets no traffic (sticky units leave it); its statistics stay
 */
public record Arm(String id, boolean retired) {
}
