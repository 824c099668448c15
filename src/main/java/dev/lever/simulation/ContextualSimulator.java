package dev.lever.simulation;

import dev.lever.policy.SplittableRng;

/**
 * Runs every (policy, repetition) pair of a contextual scenario on a pool of threads. As in {@link Simulator}, each
 * run's generators derive from (seed, policy, repetition) alone, and every policy of a repetition faces the same
 * contexts and reward draws.
 */
public final class ContextualSimulator {

    private final int threads;

    /** @param threads the number of runs in parallel, >= 1 */
    public ContextualSimulator(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.threads = threads;
    }

    public ContextualReport run(ContextualScenario scenario) {
        return ContextualReport.of(scenario, Simulator.runAll(threads, scenario.policies().size(),
                scenario.repetitions(), (policy, repetition) -> ContextualRun.run(scenario,
                        scenario.policies().get(policy),
                        new SplittableRng(Simulator.seed(scenario.seed(), 0, repetition)),
                        new SplittableRng(Simulator.seed(scenario.seed(), policy + 1, repetition)))));
    }
}
