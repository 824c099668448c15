package dev.lever.simulation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./simulate [--out DIR] [--threads N] SCENARIO.yaml...} runs scenarios and writes their reports;
 * {@code ./simulate --bench} measures decisions per second; {@code ./simulate --contextual} runs the shipped
 * contextual scenarios ({@link ContextualScenarios}) and prints their tables. Exit code 0 on success, 2 for bad arguments or
 * scenario files, 1 when writing the results fails.
 *
 * <p>The {@code simulate} script runs this from the project's folder and passes the folder it was called from as
 * the system property {@value #CALLER_DIRECTORY}; relative scenario and output paths are taken from there, as a
 * user typing them expects. Without {@code --out}, results go to the project's {@code target/simulations}.
 */
public final class SimulateCommand {

    /** The system property naming the folder relative paths are resolved against. */
    static final String CALLER_DIRECTORY = "lever.simulate.caller-directory";
    /** Repetitions per policy of each shipped contextual scenario ({@code --contextual}). */
    static final int CONTEXTUAL_REPETITIONS = 20;

    private SimulateCommand() {
    }

    public static void main(String[] args) {
        String caller = System.getProperty(CALLER_DIRECTORY);
        int status = run(args, caller == null || caller.isEmpty() ? Path.of("") : Path.of(caller));
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args) {
        return run(args, Path.of(""));
    }

    /**
     * Runs the command.
     *
     * @param caller the folder relative paths in {@code args} are resolved against
     */
    static int run(String[] args, Path caller) {
        Path out = null;
        int threads = Runtime.getRuntime().availableProcessors();
        boolean bench = false;
        boolean contextual = false;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> {
                    if (++i >= args.length) {
                        return usage("--out needs a folder");
                    }
                    out = caller.resolve(args[i]);
                }
                case "--threads" -> {
                    if (++i >= args.length || !args[i].matches("\\d{1,4}") || Integer.parseInt(args[i]) < 1) {
                        return usage("--threads needs a whole number >= 1");
                    }
                    threads = Integer.parseInt(args[i]);
                }
                case "--bench" -> bench = true;
                case "--contextual" -> contextual = true;
                case "--help", "-h" -> {
                    usage(null);
                    return 0;
                }
                default -> {
                    if (args[i].startsWith("--")) {
                        return usage("unknown option " + args[i]);
                    }
                    files.add(caller.resolve(args[i]));
                }
            }
        }
        if (bench) {
            SimulationBenchmark.run(threads, System.out);
            return 0;
        }
        if (contextual) {
            ContextualSimulator simulator = new ContextualSimulator(threads);
            for (ContextualScenario scenario : ContextualScenarios.all(CONTEXTUAL_REPETITIONS)) {
                System.out.println(simulator.run(scenario).table());
            }
            return 0;
        }
        if (files.isEmpty()) {
            return usage("name at least one scenario file, e.g. simulations/chapelle-li-0.1.yaml");
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (Path file : files) {
            try {
                scenarios.add(ScenarioReader.read(file));
            } catch (ScenarioException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
        Simulator simulator = new Simulator(threads);
        boolean terminal = System.console() != null;
        for (Scenario scenario : scenarios) {
            long total = (long) scenario.horizon() * scenario.repetitions() * scenario.policies().size();
            long started = System.nanoTime();
            Report report;
            try (ProgressBar bar = new ProgressBar(scenario.name(), total, System.err, terminal)) {
                report = simulator.run(scenario, bar);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.println();
            ReportWriter.printTable(report, System.out);
            Path dir = (out == null ? Path.of("target", "simulations") : out).resolve(scenario.name());
            try {
                List<Path> written = ReportWriter.write(report, dir);
                System.out.printf(Locale.ROOT, "%,d decisions in %.1f s on %d threads; wrote %s%n", total, seconds,
                        threads, String.join(", ", written.stream().map(Path::toString).toList()));
            } catch (IOException e) {
                System.err.println("cannot write the results to " + dir + ": " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    private static int usage(String problem) {
        if (problem != null) {
            System.err.println("simulate: " + problem);
        }
        System.err.println("usage: ./simulate [--out DIR] [--threads N] SCENARIO.yaml...   run scenarios");
        System.err.println("       ./simulate --bench [--threads N]                        decisions per second");
        System.err.println("       ./simulate --contextual [--threads N]                   contextual scenarios");
        return problem == null ? 0 : 2;
    }
}
