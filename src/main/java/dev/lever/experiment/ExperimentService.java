package dev.lever.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lever.error.LeverException;
import dev.lever.policy.ArmStats;
import dev.lever.policy.ProbabilityBest;
import dev.lever.policy.SplittableRng;
import dev.lever.store.Decay;
import dev.lever.store.StateStore;
import dev.lever.store.ExperimentStats;
import dev.lever.store.StoredExperiment;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Creates, reads, changes and deletes experiments in the state store. */
@ApplicationScoped
public class ExperimentService {

    private final StateStore store;
    private final ObjectMapper json;
    private final Event<ExperimentChanged> changes;
    private final ExperimentLimits limits;

    public ExperimentService(StateStore store, ObjectMapper json, Event<ExperimentChanged> changes,
            ExperimentLimits limits) {
        this.store = store;
        this.json = json;
        this.changes = changes;
        this.limits = limits;
    }

    /** The experiment, if it exists. */
    public Uni<Optional<VersionedExperiment>> find(String id) {
        Ids.require("id", id);
        return store.find(id).map(found -> found.map(this::parse));
    }

    /** The experiment, or a not-found error naming it. */
    public Uni<VersionedExperiment> get(String id) {
        return find(id).map(found -> found.orElseThrow(() -> notFound(id)));
    }

    /** The experiment with its live statistics. */
    public Uni<ExperimentView> view(String id) {
        return get(id).chain(versioned -> store.stats(id).map(read -> live(versioned, read)));
    }

    /** Every experiment's definition, by id. */
    public Uni<List<ExperimentView>> list() {
        return store.list().map(all -> all.stream().map(stored -> ExperimentView.of(parse(stored), null, null)).toList());
    }

    /** Creates the experiment, or replaces its definition keeping its statistics. */
    public Uni<ExperimentView> put(String id, ExperimentSpec spec) {
        Experiment experiment = withinArmLimit(ExperimentParser.parse(id, spec));
        return find(id).chain(previous -> {
            if (previous.isEmpty()) {
                return withinExperimentLimit().chain(() -> save(experiment.withStopsOf(null, now()), 0));
            }
            experiment.checkCanReplace(previous.get().experiment());
            Experiment.checkNoImplicitReturn(previous.get().experiment(), spec.arms());
            return save(experiment.withStopsOf(previous.get().experiment(), now()), previous.get().version());
        }).chain(saved -> view(saved.experiment().id()));
    }

    private Experiment withinArmLimit(Experiment experiment) {
        if (experiment.arms().size() > limits.maxArms()) {
            throw LeverException.invalid("arms", "arms must list at most " + limits.maxArms() + " arms, active and "
                    + "retired (lever.limits.max-arms), was " + experiment.arms().size());
        }
        return experiment;
    }

    private Uni<Void> withinExperimentLimit() {
        return store.count().map(count -> {
            if (count >= limits.maxExperiments()) {
                throw LeverException.conflict(null, "this service already holds " + count + " experiments, its "
                        + "limit (lever.limits.max-experiments): delete one that has ended, or raise the limit");
            }
            return null;
        });
    }

    /**
     * Changes part of a definition: the RFC 7396 merge patch is applied to the stored definition's JSON form, and
     * the result must pass every rule a replace must pass. The write is conditional on the version read, as every
     * change is.
     */
    public Uni<ExperimentView> patch(String id, JsonNode patch) {
        Ids.require("id", id);
        if (patch == null || !patch.isObject()) {
            throw LeverException.invalid(null, "a merge patch must be a JSON object, e.g. "
                    + "{\"rewardWindow\": \"48h\"}; a member set to null removes the field");
        }
        return get(id).chain(current -> {
            JsonNode merged = MergePatch.apply(json.valueToTree(current.experiment().toSpec()), patch);
            ExperimentSpec spec;
            try {
                spec = json.treeToValue(merged, ExperimentSpec.class);
            } catch (JsonMappingException e) {
                String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                        : "[" + r.getIndex() + "]").collect(Collectors.joining(".")).replace(".[", "[");
                throw LeverException.invalid(field.isEmpty() ? null : field, (field.isEmpty() ? "the patched "
                        + "definition" : field) + " is not valid: " + e.getOriginalMessage());
            } catch (JsonProcessingException e) {
                throw LeverException.invalid(null, "the patched definition is not valid: " + e.getOriginalMessage());
            }
            Experiment experiment = withinArmLimit(ExperimentParser.parse(id, spec));
            experiment.checkCanReplace(current.experiment());
            Experiment.checkNoImplicitReturn(current.experiment(), spec.arms());
            return save(experiment.withStopsOf(current.experiment(), now()), current.version());
        }).chain(saved -> view(id));
    }

    /** Adds an active arm to a running experiment. */
    public Uni<ExperimentView> addArm(String id, String armId, Map<String, Object> features) {
        return update(id, experiment -> {
            if (experiment.arms().size() >= limits.maxArms()) {
                throw LeverException.conflict("id", "experiment '" + id + "' already has " + experiment.arms().size()
                        + " arms, the limit (lever.limits.max-arms): retire and replace it with a new experiment, or "
                        + "raise the limit");
            }
            return experiment.withArm(armId, features);
        });
    }

    /** Retires an arm: it gets no more traffic, and its statistics stay. */
    public Uni<ExperimentView> retireArm(String id, String armId) {
        return update(id, experiment -> experiment.withRetired(armId));
    }

    /**
     * Brings a retired arm, or one a guardrail stopped, back into the traffic. A guardrail's stop record stays,
     * marked reinstated: the operator has overridden the guardrail for this arm, which is not stopped again.
     */
    public Uni<ExperimentView> reinstateArm(String id, String armId) {
        return update(id, experiment -> experiment.withReinstated(armId, now()));
    }

    /**
     * Stops arms that failed a guardrail, in one write conditional on the version that was checked: when two
     * replicas race, the second finds the version changed and writes nothing, so a stop is recorded once. An arm
     * that can no longer be stopped (it is the control, or the last active arm) is skipped.
     *
     * @param checked the definition the statistics were judged against
     * @param stops by arm id
     * @return the arms stopped, empty when none was (or the definition changed meanwhile)
     */
    public Uni<List<String>> stopArms(VersionedExperiment checked, Map<String, ArmStop> stops) {
        Experiment stopped = checked.experiment();
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, ArmStop> stop : stops.entrySet()) {
            try {
                stopped = stopped.withStopped(stop.getKey(), stop.getValue());
                done.add(stop.getKey());
            } catch (LeverException cannot) {
                // the control or the last active arm: it keeps serving, and the analysis still shows the failure
            }
        }
        if (done.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return saveIfUnchanged(stopped, checked.version()).map(saved -> saved.isPresent() ? done : List.of());
    }

    /** Deletes the experiment with its statistics; its outstanding decisions can no longer be rewarded. */
    public Uni<Void> delete(String id) {
        Ids.require("id", id);
        return store.delete(id).map(existed -> {
            changes.fire(new ExperimentChanged(id, null));
            if (!existed) {
                throw notFound(id);
            }
            return null;
        });
    }

    private Uni<ExperimentView> update(String id, UnaryOperator<Experiment> change) {
        return get(id)
                .chain(current -> save(change.apply(current.experiment()), current.version()))
                .chain(saved -> view(id));
    }

    private Uni<VersionedExperiment> save(Experiment experiment, long expectedVersion) {
        return saveIfUnchanged(experiment, expectedVersion).map(saved -> saved.orElseThrow(() ->
                LeverException.conflict(null, "experiment '" + experiment.id() + "' was changed by another request "
                        + "meanwhile; read it again and retry")));
    }

    /** Saves the definition if its stored version is still {@code expectedVersion}; empty when it is not. */
    private Uni<Optional<VersionedExperiment>> saveIfUnchanged(Experiment experiment, long expectedVersion) {
        String epoch = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        return store.save(experiment.id(), write(experiment.toSpec()), expectedVersion, epoch,
                        experiment.retiredArmIds(), experiment.stickyTtl(), decayOf(experiment))
                .map(saved -> saved.map(this::parse))
                .invoke(saved -> saved.ifPresent(s -> changes.fire(new ExperimentChanged(experiment.id(), s))));
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** What the store discounts for the experiment: its primary metric, when its policy forgets old evidence. */
    private static Decay decayOf(Experiment experiment) {
        return experiment.policy().discount().map(d -> new Decay(d, experiment.primary().id())).orElse(null);
    }

    /**
     * The experiment with per-arm statistics and the policy's current allocation over the active arms; for a bandit
     * also each active arm's probability of being best and the {@link Leader}.
     */
    static ExperimentView live(VersionedExperiment versioned, ExperimentStats read) {
        Experiment experiment = versioned.experiment();
        List<Arm> active = experiment.activeArms();
        ArmStats[] activeStats = new ArmStats[active.size()];
        for (int i = 0; i < activeStats.length; i++) {
            activeStats[i] = read.arm(active.get(i).id()).seenBy(experiment.policy(), experiment.primary().id());
        }
        double[] allocation = experiment.policy().allocation(activeStats, experiment.reward(),
                new SplittableRng(ThreadLocalRandom.current().nextLong()));
        int draws = ProbabilityBest.drawsFor(activeStats.length);
        // Seeded by the experiment id: the same statistics always show the same probabilities, so a page that is
        // reloaded does not flicker by the Monte-Carlo error.
        double[] best = experiment.isAbTest() ? null : ProbabilityBest.estimate(activeStats, experiment.reward(),
                draws, new SplittableRng(experiment.id().hashCode())).orElse(null);
        List<ArmView> views = new ArrayList<>();
        int activeIndex = 0;
        int leader = -1;
        long totalPulls = 0;
        for (Arm arm : experiment.arms()) {
            ArmStats stats = read.arm(arm.id()).armStats(experiment.primary().id());
            DiscountedView discounted = experiment.policy().discount().isEmpty() ? null
                    : DiscountedView.of(read.arm(arm.id()).discountedStats(experiment.primary().id()),
                            experiment.reward());
            totalPulls += stats.pulls();
            Double probabilityBest = null;
            double share = 0.0;
            if (!arm.retired()) {
                share = allocation[activeIndex];
                if (best != null) {
                    probabilityBest = best[activeIndex];
                    leader = leader < 0 || probabilityBest > views.get(leader).probabilityBest() ? views.size()
                            : leader;
                }
                activeIndex++;
            }
            views.add(new ArmView(arm.id(), arm.retired(), (long) stats.pulls(), (long) stats.rewardCount(),
                    stats.rewardSum(),
                    experiment.reward().mean(stats), share, probabilityBest, discounted));
        }
        Leader lead = null;
        if (leader >= 0) {
            ArmView top = views.get(leader);
            long others = totalPulls - top.pulls();
            lead = new Leader(top.arm(), top.probabilityBest(), others,
                    totalPulls == 0 ? 0.0 : (double) others / totalPulls, draws);
        }
        return ExperimentView.of(versioned, views, lead);
    }

    private VersionedExperiment parse(StoredExperiment stored) {
        try {
            ExperimentSpec spec = json.readValue(stored.definition(), ExperimentSpec.class);
            // Read as trusted data: a rule tightened since the definition was stored must not break the experiment.
            return new VersionedExperiment(ExperimentParser.fromStored(stored.id(), spec), stored.version(),
                    stored.epoch(), stored.createdMillis());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored definition of experiment '" + stored.id() + "' is unreadable", e);
        }
    }

    private String write(ExperimentSpec spec) {
        try {
            return json.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an experiment definition", e);
        }
    }

    public static LeverException notFound(String id) {
        return LeverException.notFound("no experiment '" + id + "'; create it with PUT /experiments/" + id);
    }
}
