/**
 * The analysis of fixed-split experiments ({@code GET /experiments/{id}/analysis}), sample-size planning
 * ({@code POST /sample-size}) and statistics over time ({@code GET /experiments/{id}/history}): wiring of the pure
 * statistics in {@code dev.lever.stats} and {@code dev.lever.history} to stored experiments.
 */
package dev.lever.analysis;
