package dev.lever.analysis;

import dev.lever.experiment.Arm;
import dev.lever.experiment.ArmStop;
import dev.lever.experiment.Experiment;
import dev.lever.experiment.ExperimentService;
import dev.lever.experiment.Metric;
import dev.lever.experiment.Plan;
import dev.lever.experiment.VersionedExperiment;
import dev.lever.stats.Estimate;
import dev.lever.stats.GuardrailMonitor;
import dev.lever.store.ExperimentStats;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Stops arms that fail a guardrail. The decision path hands it each statistics snapshot it reads (once per
 * {@code lever.decision.stats-refresh} and experiment on each replica, with no extra round trip); the arms are judged
 * by the pure {@link GuardrailMonitor}, and those shown worse than a guardrail's margin are stopped by one write
 * conditional on the version judged ({@link ExperimentService#stopArms}).
 *
 * <p>Each watched arm (active, never stopped before, not the control) is compared with the control on every
 * guardrail metric, the level split among all the other arms of the definition (Bonferroni, as the A/B analysis
 * splits it among challengers), so that the chance of any false stop stays at alpha; the count includes retired arms
 * so that it cannot fall as arms are stopped. An arm with fewer than
 * {@link GuardrailMonitor#DEFAULT_MINIMUM_OBSERVATIONS} observations, or whose control has fewer, is not judged yet.
 * The cost is a few arithmetic operations per arm and guardrail: about 20,000 for 1,000 arms and 20 metrics.
 */
@ApplicationScoped
public class GuardrailWatch {

    private static final Logger LOG = Logger.getLogger(GuardrailWatch.class);

    private final ExperimentService experiments;
    /** Experiments whose stop is being written from this replica: one write at a time each. */
    private final Set<String> writing = ConcurrentHashMap.newKeySet();

    public GuardrailWatch(ExperimentService experiments) {
        this.experiments = experiments;
    }

    /**
     * Judges the snapshot and, if an arm failed, stops it in the background. Never throws: the decision path that
     * calls it must go on whatever the statistics hold.
     */
    public void check(VersionedExperiment versioned, ExperimentStats stats) {
        String id = versioned.experiment().id();
        Map<String, ArmStop> stops;
        try {
            stops = failures(versioned.experiment(), stats, Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf(e, "experiment '%s': guardrails not checked on this refresh", id);
            return;
        }
        if (stops.isEmpty() || !writing.add(id)) {
            return;
        }
        experiments.stopArms(versioned, stops).subscribe().with(stopped -> {
            writing.remove(id);
            if (!stopped.isEmpty()) {
                LOG.infof("experiment '%s': guardrails stopped %s", id, stopped);
            }
        }, failure -> {
            writing.remove(id);
            LOG.warnf("experiment '%s': could not record a guardrail stop, retried at the next refresh: %s", id,
                    failure.getMessage());
        });
    }

    /** The arms shown worse than a guardrail's margin, each with the first guardrail it failed. */
    static Map<String, ArmStop> failures(Experiment experiment, ExperimentStats stats, Instant now) {
        Map<String, ArmStop> stops = new LinkedHashMap<>();
        if (!experiment.autoStop()) {
            return stops;
        }
        String control = experiment.control();
        boolean perUnit = experiment.split().hashed();
        double alpha = alpha(experiment);
        List<Metric> guardrails = experiment.guardrails();
        for (Arm arm : experiment.arms()) {
            if (!arm.watched() || arm.id().equals(control)) {
                continue;
            }
            for (Metric metric : guardrails) {
                Estimate reference = Comparisons.estimate(stats.arm(control), metric, perUnit);
                Estimate candidate = Comparisons.estimate(stats.arm(arm.id()), metric, perUnit);
                Optional<GuardrailMonitor.Look> look = monitor(metric, alpha).look(reference, candidate);
                if (look.isPresent() && look.get().failed()) {
                    GuardrailMonitor.Look failed = look.get();
                    stops.put(arm.id(), new ArmStop(metric.id(), metric.margin(),
                            metric.relativeMargin() ? "relative" : "absolute", control, candidate.value(),
                            reference.value(), failed.contrast(),
                            List.of(failed.interval().lower(), failed.interval().upper()), alpha,
                            now.truncatedTo(ChronoUnit.MILLIS).toString(), null));
                    break;
                }
            }
        }
        return stops;
    }

    /** The one-sided level of a stop: the plan's alpha (or 0.05) split among the arms other than the control. */
    static double alpha(Experiment experiment) {
        Plan plan = experiment.plan();
        double alpha = plan == null ? Plan.DEFAULT_ALPHA : plan.alpha();
        return GuardrailMonitor.levelPerArm(alpha, experiment.arms().size());
    }

    static GuardrailMonitor monitor(Metric metric, double alpha) {
        return new GuardrailMonitor(metric.margin(), metric.relativeMargin(), metric.higherIsBetter(), alpha,
                GuardrailMonitor.DEFAULT_MINIMUM_OBSERVATIONS);
    }
}
