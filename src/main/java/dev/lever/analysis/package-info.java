/**
 * The analysis of fixed-split experiments ({@code GET /experiments/{id}/analysis}) and sample-size planning
 * ({@code POST /sample-size}): wiring of the pure statistics in {@code dev.lever.stats} to stored experiments.
 */
package dev.lever.analysis;
