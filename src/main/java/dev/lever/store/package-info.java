/**
 * The state-store port and its two adapters: Redis, shared by every replica (the production default), and an
 * in-memory store for a single process (the default in dev mode). Both keep the same data the same way and pass
 * the same contract tests.
 */
package dev.lever.store;
