/**
 * What lets a team study its traffic away from the hot path: the decision log read as JSON lines
 * ({@code GET /experiments/{id}/decisions}), off-policy evaluation of a candidate policy on it
 * ({@code POST /experiments/{id}/evaluate}, estimators in {@link dev.lever.evaluation}), and a scenario file for the
 * simulator built from an experiment's statistics ({@code GET /experiments/{id}/scenario}).
 */
package dev.lever.offline;
