package dev.lever.offline;

import dev.lever.error.LeverException;
import dev.lever.experiment.Arm;
import dev.lever.experiment.Experiment;
import dev.lever.experiment.ExperimentService;
import dev.lever.experiment.VersionedExperiment;
import dev.lever.policy.ContextualPolicy;
import dev.lever.policy.FixedSplit;
import dev.lever.policy.InvalidParameterException;
import dev.lever.policy.Policies;
import dev.lever.policy.Policy;
import dev.lever.policy.RewardKind;
import dev.lever.policy.SplittableRng;
import dev.lever.store.ExperimentStats;
import dev.lever.store.MetricMoments;
import dev.lever.store.StateStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Builds a scenario file for {@code ./simulate} from an experiment's statistics: each active arm's mean reward drawn
 * from its posterior (so a run reflects what is known, not more), the experiment's traffic per day, and the policies
 * to compare (the experiment's own and the others).
 *
 * <p>Posteriors: a binary arm's rate from Beta(1 + successes, 1 + pulls - successes) (a uniform prior); a
 * continuous arm's mean from Normal(mean, sd / sqrt(n)) of its n rewards, with the rewards' sd as the arm's sd.
 */
@ApplicationScoped
public class ScenarioExport {

    static final int DEFAULT_DAYS = 14;
    static final int MAX_DAYS = 365;
    static final int REPETITIONS = 20;
    static final long MAX_HORIZON = 100_000_000;

    private final ExperimentService experiments;
    private final StateStore store;

    public ScenarioExport(ExperimentService experiments, StateStore store) {
        this.experiments = experiments;
        this.store = store;
    }

    /**
     * The scenario as YAML.
     *
     * @param days how many days of traffic the horizon covers, 1 to {@link #MAX_DAYS}, {@code null} for
     *     {@link #DEFAULT_DAYS}
     * @param seed the seed of the posterior draws and of the simulation, {@code null} for a random one
     */
    public Uni<String> export(String id, Integer days, Long seed) {
        int horizonDays = days == null ? DEFAULT_DAYS : days;
        long drawSeed = seed == null ? ThreadLocalRandom.current().nextLong() : seed;
        return experiments.get(id).chain(versioned -> store.stats(id).map(stats -> yaml(versioned, stats,
                horizonDays, drawSeed, System.currentTimeMillis())));
    }

    static String yaml(VersionedExperiment versioned, ExperimentStats stats, int days, long seed, long nowMillis) {
        Experiment experiment = versioned.experiment();
        List<Arm> active = experiment.activeArms();
        String metric = experiment.primary().id();
        long pulls = 0;
        for (Arm arm : active) {
            pulls += stats.arm(arm.id()).pulls();
        }
        if (pulls == 0) {
            throw LeverException.conflict(null, "experiment '" + experiment.id() + "' has no traffic yet: a "
                    + "scenario needs its pulls per day and what its arms earn");
        }
        // Over at least an hour, so that a young experiment's first burst is not taken for its daily traffic.
        double age = Math.max(nowMillis - versioned.createdMillis(), Duration.ofHours(1).toMillis());
        long perDay = Math.max(1, Math.round(pulls * (double) Duration.ofDays(1).toMillis() / age));
        long horizon = Math.min(MAX_HORIZON, perDay * days);
        SplittableRng rng = new SplittableRng(seed);
        List<Map<String, Object>> arms = new ArrayList<>();
        for (Arm arm : active) {
            arms.add(arm(experiment, arm.id(), stats.arm(arm.id()).pulls(), stats.arm(arm.id()).metric(metric),
                    rng));
        }
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("name", experiment.id().length() > 64 ? experiment.id().substring(0, 64) : experiment.id());
        scenario.put("description", "Experiment '" + experiment.id() + "' as of " + Instant.ofEpochMilli(nowMillis)
                + ": arm means drawn from their posteriors, " + perDay + " decisions a day for " + days + " days");
        scenario.put("horizon", horizon);
        scenario.put("repetitions", REPETITIONS);
        scenario.put("seed", seed);
        if (experiment.policy().discount().isPresent()) {
            // The simulator maps decisions to time by this rate, so the policy's half-life means what it does live.
            scenario.put("decisionsPerSecond", round(perDay / (double) Duration.ofDays(1).toSeconds()));
        }
        scenario.put("arms", arms);
        scenario.put("policies", policies(experiment.policy()));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(120);
        return "# Scenario for ./simulate, exported by GET /experiments/" + experiment.id() + "/scenario?days="
                + days + "&seed=" + seed + "\n# Metric '" + metric + "'; " + pulls + " decisions since "
                + Instant.ofEpochMilli(versioned.createdMillis()) + ". Run: ./simulate <this file>\n"
                + new Yaml(options).dump(scenario);
    }

    private static Map<String, Object> arm(Experiment experiment, String id, long pulls, MetricMoments moments,
            SplittableRng rng) {
        Map<String, Object> arm = new LinkedHashMap<>();
        arm.put("id", id);
        if (experiment.reward() == RewardKind.BINARY) {
            double successes = Math.min(moments.sum(), pulls);
            double rate = new BetaDistribution(rng, 1 + successes, 1 + pulls - successes).sample();
            arm.put("mean", round(rate));
            return arm;
        }
        if (moments.count() < 2 || moments.sumOfSquaredDeviations() <= 0) {
            throw LeverException.conflict(null, "arm '" + id + "' of experiment '" + experiment.id() + "' has "
                    + moments.count() + " rewards of '" + experiment.primary().id() + "' with no spread: a "
                    + "continuous arm needs at least 2 different rewards for its mean and sd");
        }
        double sd = Math.sqrt(moments.sumOfSquaredDeviations() / (moments.count() - 1));
        arm.put("mean", round(moments.mean() + rng.nextGaussian() * sd / Math.sqrt(moments.count())));
        arm.put("sd", round(sd));
        return arm;
    }

    /**
     * The experiment's own policy with its parameters, then every other type that has defaults for all its
     * parameters (a discounted policy's half-life is the team's to choose: add it by hand). Contextual policies are
     * left out, the experiment's own included: a scenario's arms have no contexts (the simulator runs contextual
     * scenarios of its own).
     */
    private static List<Map<String, Object>> policies(Policy current) {
        List<Map<String, Object>> policies = new ArrayList<>();
        if (current instanceof ContextualPolicy) {
            addOthers(policies, current);
            return policies;
        }
        Map<String, Object> own = new LinkedHashMap<>();
        own.put("type", current.type());
        current.parameters().forEach((name, value) -> {
            boolean equalShares = current instanceof FixedSplit && (value == null || value instanceof List<?> list
                    && list.isEmpty());
            if (!equalShares) {
                own.put(name, value);
            }
        });
        policies.add(own);
        addOthers(policies, current);
        return policies;
    }

    private static void addOthers(List<Map<String, Object>> policies, Policy current) {
        for (String type : Policies.TYPES) {
            if (!type.equals(current.type()) && simulatedWithDefaults(type)) {
                policies.add(Map.of("type", type));
            }
        }
    }

    /** Whether the type has defaults for all its parameters and runs on a scenario's context-free arms. */
    private static boolean simulatedWithDefaults(String type) {
        try {
            return !(Policies.of(type, Map.of()) instanceof ContextualPolicy);
        } catch (InvalidParameterException e) {
            return false;
        }
    }

    private static double round(double value) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.6g", value));
    }
}
