package dev.lever.simulation;

import dev.lever.policy.SplittableRng;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs every (policy, repetition) pair of a scenario on a pool of threads. Each run's generators derive from
 * (seed, policy index, repetition) alone, never from scheduling, so the same seed gives the same numbers whatever
 * the number of threads.
 */
public final class Simulator {

    private final int threads;

    /** @param threads the number of runs in parallel, >= 1 */
    public Simulator(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.threads = threads;
    }

    /** Runs the scenario and aggregates the results. */
    public Report run(Scenario scenario, ProgressCounter progress) {
        long[] checkpoints = Run.checkpoints(scenario.horizon());
        List<List<Run.Result>> results = runAll(threads, scenario.policies().size(), scenario.repetitions(),
                (policy, repetition) -> Run.run(scenario, scenario.policies().get(policy).policy(), checkpoints,
                        new SplittableRng(seed(scenario.seed(), 0, repetition)),
                        new SplittableRng(seed(scenario.seed(), policy + 1, repetition)), progress));
        return Report.of(scenario, checkpoints, results);
    }

    /** One run of a simulation: policy index and repetition in, its result out. */
    @FunctionalInterface
    interface RunTask<R> {
        R run(int policy, int repetition);
    }

    /**
     * Runs every (policy, repetition) pair on {@code threads} threads and returns the results per policy, in
     * repetition order.
     */
    static <R> List<List<R>> runAll(int threads, int policies, int repetitions, RunTask<R> task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "simulation");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<List<Future<R>>> futures = new ArrayList<>();
            for (int p = 0; p < policies; p++) {
                List<Future<R>> runs = new ArrayList<>();
                for (int r = 0; r < repetitions; r++) {
                    int policyIndex = p;
                    int repetition = r;
                    runs.add(pool.submit(() -> task.run(policyIndex, repetition)));
                }
                futures.add(runs);
            }
            List<List<R>> results = new ArrayList<>();
            for (List<Future<R>> runs : futures) {
                List<R> done = new ArrayList<>();
                for (Future<R> run : runs) {
                    done.add(run.get());
                }
                results.add(done);
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulation interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a simulation run failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A run's seed from the scenario seed, the stream (0 for the environment, 1 + policy index for a policy) and
     * the repetition, mixed by the SplitMix64 finaliser so that neighbouring inputs give unrelated seeds.
     */
    static long seed(long scenarioSeed, int stream, int repetition) {
        long z = scenarioSeed + 0x9E3779B97F4A7C15L * (1 + stream) + 0xBF58476D1CE4E5B9L * (1L + repetition);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
