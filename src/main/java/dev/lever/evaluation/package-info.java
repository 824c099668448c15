/**
 * Off-policy evaluation: how a candidate policy would have done on the decisions an experiment logged, estimated
 * from the logged propensities. Pure: {@link dev.lever.evaluation.Replay} replays a decision log in order through
 * the candidate's own policy code, and {@link dev.lever.evaluation.OffPolicyEstimators} computes inverse
 * propensity scoring, its self-normalised form and the doubly robust estimate, each with a normal-approximation
 * confidence interval, and the effective sample size.
 */
package dev.lever.evaluation;
