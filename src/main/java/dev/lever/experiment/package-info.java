/**
 * Experiment definitions: their JSON shape, the parser that validates requests and reads stored definitions back,
 * the domain ({@code Experiment} and its {@code Design}, a bandit or an A/B test), and the experiments API that
 * creates, reads, changes and deletes them.
 */
package dev.lever.experiment;
