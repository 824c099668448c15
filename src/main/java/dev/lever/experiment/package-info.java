/**
 * Experiment definitions: their JSON shape, their validation, and the experiments API that creates, reads, changes
 * and deletes them.
 */
package dev.lever.experiment;
