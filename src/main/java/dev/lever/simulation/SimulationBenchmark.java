package dev.lever.simulation;

import dev.lever.policy.Policies;
import dev.lever.policy.Policy;
import dev.lever.policy.SplittableRng;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Decisions per second of each policy in the simulator: K = 10 Bernoulli arms with means evenly spaced from 0.1 to
 * 0.5, T = 100,000 decisions per run, one decision at a time; first on one thread, then with one run per thread on
 * all threads at once. Each figure is the best of several timed runs after warm-up runs, so it shows the steady
 * state of the JIT-compiled code.
 */
final class SimulationBenchmark {

    private static final int HORIZON = 100_000;
    private static final int WARMUP_RUNS = 30;
    private static final int TIMED_RUNS = 10;

    private SimulationBenchmark() {
    }

    static void run(int threads, PrintStream out) {
        List<ArmModel> arms = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            arms.add(new ArmModel("arm-" + i, 0.1 + 0.4 * i / 9, 0, List.of(), null));
        }
        out.printf(Locale.ROOT, "Simulator speed: K = 10 Bernoulli arms (means 0.1 to 0.5), T = %,d, %d cores, "
                + "Java %s%n", HORIZON, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        out.printf(Locale.ROOT, "%-16s %18s %22s%n", "policy", "1 thread (dec/s)", threads + " threads (dec/s)");
        for (String type : List.of("thompson", "ucb1", "epsilon-greedy")) {
            Policy policy = Policies.of(type, Map.of());
            Scenario scenario = new Scenario("bench", "", HORIZON, 1, 1, arms, 0, 1, 1,
                    List.of(new Scenario.Contender(type, policy)));
            long[] checkpoints = Run.checkpoints(HORIZON);
            for (int i = 0; i < WARMUP_RUNS; i++) {
                once(scenario, policy, checkpoints, i);
            }
            double best = 0;
            for (int i = 0; i < TIMED_RUNS; i++) {
                long start = System.nanoTime();
                once(scenario, policy, checkpoints, 100 + i);
                best = Math.max(best, HORIZON / ((System.nanoTime() - start) / 1e9));
            }
            double parallel = parallel(scenario, policy, checkpoints, threads);
            out.printf(Locale.ROOT, "%-16s %18s %22s%n", type, String.format(Locale.ROOT, "%,.0f", best),
                    String.format(Locale.ROOT, "%,.0f", parallel));
        }
    }

    private static void once(Scenario scenario, Policy policy, long[] checkpoints, int repetition) {
        Run.run(scenario, policy, checkpoints, new SplittableRng(Simulator.seed(7, 0, repetition)),
                new SplittableRng(Simulator.seed(7, 1, repetition)), ProgressCounter.NONE);
    }

    /** The best of several rounds of {@code threads} runs at once, in total decisions per second. */
    private static double parallel(Scenario scenario, Policy policy, long[] checkpoints, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double best = 0;
            for (int round = 0; round < TIMED_RUNS; round++) {
                List<Future<?>> runs = new ArrayList<>();
                long start = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    int repetition = 1000 + round * threads + t;
                    runs.add(pool.submit(() -> once(scenario, policy, checkpoints, repetition)));
                }
                for (Future<?> run : runs) {
                    run.get();
                }
                best = Math.max(best, (double) HORIZON * threads / ((System.nanoTime() - start) / 1e9));
            }
            return best;
        } catch (Exception e) {
            throw new IllegalStateException("benchmark run failed", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
