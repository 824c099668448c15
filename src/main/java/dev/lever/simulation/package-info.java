/**
 * The offline simulator: replays the service's own policies (from {@code dev.lever.policy}, unchanged) on
 * synthetic arms, and on one packaged data set turned into a bandit ({@link dev.lever.simulation.IrisData}), and
 * compares them by regret, so that a team can pick a policy before going live. No server and no Redis: statistics
 * live in plain {@link dev.lever.policy.ArmStats} arrays.
 */
package dev.lever.simulation;
