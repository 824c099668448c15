package dev.lever.experiment;

/** The body of {@code POST /experiments/{id}/arms}: the id of the arm to add. */
public record ArmRequest(String id) {
}
