package dev.lever.experiment;

import java.util.Map;

/**
 * The body of {@code POST /experiments/{id}/arms}: the arm to add.
 *
 * @param id the arm's id
 * @param features the arm's attributes, for an experiment with the shared linear model only (as an arm of the
 *     definition takes them), or {@code null}
 */
public record ArmRequest(String id, Map<String, Object> features) {
}
