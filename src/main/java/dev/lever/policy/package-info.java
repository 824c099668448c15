/**
 * Bandit policies as pure functions: per-arm statistics in, an allocation (the probability of choosing each arm)
 * and a choice with its propensity out.
 *
 * <p>Nothing here knows about HTTP, Redis or Quarkus: the decision service and the offline simulator call the very
 * same code. Every source of randomness is an explicit {@link org.apache.commons.math3.random.RandomGenerator}, so a
 * seeded generator reproduces a run exactly.
 */
package dev.lever.policy;
