/**
 * Off-policy evaluation: how a candidate policy would have done on the decisions an experiment logged, estimated
 * from the logged propensities. Pure: {@link dev.lever.evaluation.Replay} replays a decision log in order through
 * the candidate's own policy code (a contextual candidate scores each decision's logged context with the same
 * {@link dev.lever.policy.ContextualPolicy} code the service runs), and
 * {@link dev.lever.evaluation.OffPolicyEstimators} computes inverse propensity scoring, its self-normalised form and
 * the doubly robust estimate, with the reward model of {@link dev.lever.evaluation.RewardModel}, each with a
 * normal-approximation confidence interval, and the effective sample size.
 */
package dev.lever.evaluation;
