package dev.lever.decision;

import dev.lever.context.Context;
import dev.lever.context.Features;
import dev.lever.context.LinearModel;
import dev.lever.error.LeverException;
import dev.lever.experiment.Arm;
import dev.lever.experiment.Experiment;
import dev.lever.analysis.GuardrailWatch;
import dev.lever.experiment.ExperimentChanged;
import dev.lever.experiment.ExperimentService;
import dev.lever.experiment.VersionedExperiment;
import dev.lever.experiment.Ids;
import dev.lever.experiment.Metric;
import dev.lever.observability.DecisionMetrics;
import dev.lever.observability.RewardResult;
import dev.lever.policy.Choice;
import dev.lever.policy.ContextualPolicy;
import dev.lever.policy.LinUcb;
import dev.lever.policy.LinearThompson;
import dev.lever.policy.SplittableRng;
import dev.lever.store.Assignment;
import dev.lever.store.Credit;
import dev.lever.store.LinearUpdate;
import dev.lever.store.LogEntry;
import dev.lever.store.RewardRecord;
import dev.lever.store.Selection;
import dev.lever.store.SelectionOutcome;
import dev.lever.store.StateStore;
import dev.lever.store.Sticky;
import dev.lever.store.UnitLevel;
import dev.lever.policy.HashSplit;
import dev.lever.policy.RewardKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Makes decisions and credits rewards. A decision is drawn from the policy's allocation over a cached statistics
 * snapshot, then recorded in the store (for a non-sticky experiment the store may batch the pull, see
 * {@link dev.lever.store.BufferedPulls}). A snapshot is refreshed, with the definition's version, in the background
 * once it is three quarters of {@code lever.decision.stats-refresh} old; a decision that finds it older than that
 * waits for the refresh, so no decision uses a definition unchecked for longer, however sparse the traffic. A
 * change made through this replica replaces its cached definition before the change's call returns.
 *
 * <p>When the store cannot be reached, a decision of an experiment this replica has loaded is drawn from the last
 * snapshot and marked degraded; its pull is kept by the store adapter until the store is back. A reward is
 * verified from its signed decision id and applied in one round trip, deduplicated by the store; it is never
 * acknowledged unless stored.
 */
@ApplicationScoped
public class DecisionService {

    static final int MAX_UNIT_LENGTH = 256;

    private static final SecureRandom SEEDS = new SecureRandom();
    /** One background thread for the allocations too costly to compute on a request's thread. */
    private static final java.util.concurrent.ExecutorService ALLOCATIONS =
            java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "lever-allocations");
                thread.setDaemon(true);
                return thread;
            });
    private static final ThreadLocal<SplittableRng> RNG =
            ThreadLocal.withInitial(() -> new SplittableRng(SEEDS.nextLong()));

    private final StateStore store;
    private final ExperimentService experiments;
    private final DecisionConfig config;
    private final DecisionMetrics metrics;
    private final GuardrailWatch guardrails;
    private final ConcurrentHashMap<String, LiveExperiment> live = new ConcurrentHashMap<>();
    /**
     * The newest version of each experiment changed through this replica: a definition read before the change and
     * cached after it must not serve (the read and the change race on the store).
     */
    private final ConcurrentHashMap<String, VersionedExperiment> changed = new ConcurrentHashMap<>();
    private final long refreshNanos;
    private final long refreshAheadNanos;
    private volatile DecisionIds ids;

    DecisionService(StateStore store, ExperimentService experiments, DecisionConfig config, SigningKeys signingKeys,
            DecisionMetrics metrics, GuardrailWatch guardrails) {
        this.store = store;
        this.guardrails = guardrails;
        this.experiments = experiments;
        this.config = config;
        this.metrics = metrics;
        this.ids = signingKeys.configured().orElse(null);
        this.refreshNanos = config.statsRefresh().toNanos();
        this.refreshAheadNanos = refreshNanos / 4 * 3;
        metrics.snapshotAge(this::oldestSnapshotAgeNanos);
    }

    /**
     * The age of the oldest snapshot decisions are drawn from: below {@code lever.decision.stats-refresh} while the
     * store answers, growing while it does not and decisions are served degraded.
     */
    private long oldestSnapshotAgeNanos() {
        long now = System.nanoTime();
        long oldest = 0;
        for (LiveExperiment experiment : live.values()) {
            oldest = Math.max(oldest, experiment.servedAgeNanos(now, Math.max(refreshNanos, 1)));
        }
        return oldest;
    }

    /** Experiments whose definition and statistics this replica holds: those it can serve degraded. */
    public int loadedExperiments() {
        return live.size();
    }

    /** Replaces the cached definition when an experiment changes through this replica, before the change returns. */
    void onChange(@Observes ExperimentChanged change) {
        VersionedExperiment saved = change.saved();
        if (saved == null) {
            live.remove(change.id());
            metrics.forget(change.id());
            return;
        }
        changed.merge(change.id(), saved, (older, newer) -> newer.epoch().equals(older.epoch())
                && newer.version() < older.version() ? older : newer);
        live.computeIfPresent(change.id(), (id, cached) -> outdated(cached.versioned()) ? null : cached);
    }

    /** True when this replica changed the experiment since this definition was read. */
    private boolean outdated(VersionedExperiment read) {
        VersionedExperiment newest = changed.get(read.experiment().id());
        return newest != null && newest.epoch().equals(read.epoch()) && read.version() < newest.version();
    }

    /** Chooses an arm for the request's unit and records the decision. */
    public Uni<Decision> select(SelectRequest request) {
        if (request == null) {
            throw LeverException.invalid(null, "request body is required, e.g. {\"experiment\": \"homepage\", "
                    + "\"unit\": \"user-42\"}");
        }
        String id = Ids.require("experiment", request.experiment());
        checkUnit(request.unit());
        if (request.covariates() != null && request.unit() == null) {
            throw LeverException.invalid("covariates", "covariates describe a unit: send them with its unit");
        }
        return signer().chain(signer -> liveExperiment(id).chain(experiment -> decide(experiment, request, signer,
                true)));
    }

    private Uni<Decision> decide(LiveExperiment experiment, SelectRequest request, DecisionIds signer,
            boolean retryIfStale) {
        long age = experiment.snapshot().ageNanos(System.nanoTime());
        if (age < refreshAheadNanos) {
            return decideNow(experiment, request, signer, retryIfStale, false);
        }
        if (age < refreshNanos) {
            // Refresh ahead: under steady traffic the new snapshot arrives before any decision has to wait for it.
            refresh(experiment);
            return decideNow(experiment, request, signer, retryIfStale, false);
        }
        String id = experiment.versioned().experiment().id();
        return Uni.createFrom().completionStage(refresh(experiment))
                .onFailure(DecisionService::unreachable).recoverWithItem(() -> SelectionOutcome.degraded(null))
                .chain(outcome -> {
                    if (outcome.degraded()) {
                        return decideNow(experiment, request, signer, retryIfStale, true);
                    }
                    if (!outcome.current() || outcome.version() != experiment.versioned().version()) {
                        return liveExperiment(id).chain(reloaded -> decideNow(reloaded, request, signer,
                                retryIfStale, false));
                    }
                    return decideNow(experiment, request, signer, retryIfStale, false);
                });
    }

    /**
     * The statistics refresh of the experiment in flight, started here if none is: one at a time per experiment and
     * replica, so concurrent decisions share it rather than all asking the store for the same statistics. A
     * deleted, recreated or changed experiment leaves the cache.
     */
    private CompletableFuture<SelectionOutcome> refresh(LiveExperiment experiment) {
        CompletableFuture<SelectionOutcome> mine = new CompletableFuture<>();
        CompletableFuture<SelectionOutcome> inFlight = experiment.joinRefresh(mine);
        if (inFlight != null) {
            return inFlight;
        }
        VersionedExperiment versioned = experiment.versioned();
        String id = versioned.experiment().id();
        long start = System.nanoTime();
        store.refresh(id, versioned.epoch(), experiment.trackedMetrics()).subscribe().with(outcome -> {
            boolean same = outcome.current() && outcome.version() == versioned.version();
            if (!outcome.degraded() && !same) {
                live.remove(id, experiment);
            }
            experiment.refreshed(same && !outcome.degraded() ? outcome.stats() : null, start);
            mine.complete(outcome);
            if (same && !outcome.degraded() && versioned.experiment().autoStop()) {
                guardrails.check(versioned, outcome.stats());
            }
        }, failure -> {
            experiment.refreshed(null, start);
            mine.completeExceptionally(failure);
        });
        return mine;
    }

    private static boolean unreachable(Throwable failure) {
        return failure instanceof LeverException e && e.kind() == LeverException.Kind.UNAVAILABLE;
    }

    /** Draws the decision from the experiment's current snapshot and records it. */
    private Uni<Decision> decideNow(LiveExperiment experiment, SelectRequest request, DecisionIds signer,
            boolean retryIfStale, boolean degraded) {
        Experiment definition = experiment.versioned().experiment();
        SplittableRng rng = RNG.get();
        if (definition.split().hashed() && request.unit() == null) {
            throw LeverException.invalid("unit", "unit is required: experiment '" + definition.id() + "' splits by "
                    + definition.split().wireName() + ", so /select must say which " + definition.split().wireName()
                    + " the decision is for");
        }
        boolean perUnit = definition.split().hashed();
        long unitHash = perUnit ? HashSplit.unitHash(definition.id(), request.unit()) : 0;
        UnitLevel unit = perUnit ? new UnitLevel(DecisionClaims.unitKey(unitHash),
                covariates(definition, request.covariates()), experiment.trackedMetrics()) : null;
        if (!perUnit && request.covariates() != null) {
            throw LeverException.invalid("covariates", "covariates apply to experiments analysed per unit (a "
                    + "fixed split by user or session); experiment '" + definition.id() + "' is analysed per "
                    + "decision");
        }
        Features features = features(definition, request.context());
        String context = definition.log() && request.context() != null ? Context.of(request.context()).json() : null;
        LiveExperiment.Draw draw = features == null ? experiment.choose(unitHash, rng)
                : experiment.choose((ContextualPolicy) definition.policy(), features, rng);
        Choice choice = draw.choice();
        long now = System.currentTimeMillis();
        long nonceHigh = rng.nextLong();
        long nonceLow = rng.nextLong();
        Assignment chosen = new Assignment(experiment.armId(choice), choice.propensity());
        Selection selection = new Selection(definition.id(), experiment.versioned().epoch(), chosen,
                definition.sticky() && request.unit() != null ? new Sticky(request.unit(), definition.stickyTtl())
                        : null, unit, false, now, draw.allocation(),
                definition.log() ? new LogEntry.Decision(DecisionIds.token(nonceHigh, nonceLow), now, request.unit(),
                        chosen.arm(), chosen.propensity(), definition.policy().type(),
                        experiment.versioned().version(), context) : null);
        return store.recordSelection(selection).chain(outcome -> {
            if (!outcome.current()) {
                live.remove(definition.id(), experiment);
                if (!retryIfStale) {
                    throw ExperimentService.notFound(definition.id());
                }
                return liveExperiment(definition.id()).chain(reloaded -> decide(reloaded, request, signer, false));
            }
            if (!outcome.degraded() && outcome.version() != experiment.versioned().version()) {
                live.remove(definition.id(), experiment);
            }
            Assignment counted = outcome.assignment();
            if (degraded) {
                experiment.servedStale(System.nanoTime());
            }
            experiment.series().selected(counted.arm());
            long expiresAt = now + definition.rewardWindow().toMillis();
            String decisionId = signer.issue(definition.id(), experiment.versioned().epoch(), counted.arm(),
                    expiresAt, nonceHigh, nonceLow, perUnit ? unitHash : null, features);
            return Uni.createFrom().item(new Decision(decisionId, definition.id(), counted.arm(),
                    counted.propensity(), definition.policy().type(), degraded || outcome.degraded()));
        });
    }

    /**
     * The request's features for an experiment with a contextual policy (a missing context is an empty one: the
     * bias alone), else {@code null}. Any other experiment takes a context only when it keeps a decision log, which
     * keeps the context (so that a contextual candidate can be evaluated on its traffic) while the policy ignores
     * it; without a log a context would be dropped silently, so it is refused.
     *
     * @throws dev.lever.context.InvalidContextException naming the feature that cannot be encoded
     */
    private static Features features(Experiment experiment, Map<String, Object> context) {
        if (experiment.features() == null) {
            if (context != null && !experiment.log()) {
                throw LeverException.invalid("context", "context applies to experiments with a contextual policy ("
                        + LinUcb.TYPE + ", " + LinearThompson.TYPE + "), or to ones that keep a decision log (\"log\": "
                        + "true), which logs it; experiment '" + experiment.id() + "' uses "
                        + experiment.policy().type() + ", which takes no context, and keeps no log: remove it");
            }
            return null;
        }
        return experiment.features().encode(context);
    }

    /**
     * What a reward adds to the linear totals: the decision's features, when it was made by the contextual policy
     * the experiment still has, with the same dimension; else nothing. In the shared model, the joint features of
     * the decision's context and arm, rebuilt from the arm's attributes in the definition (which cannot change),
     * added to the experiment's shared totals.
     */
    private static LinearUpdate linearUpdate(LiveExperiment live, DecisionClaims claims) {
        Experiment experiment = live.versioned().experiment();
        Features features = claims.features();
        if (features == null || experiment.features() == null
                || experiment.features().dimension() != features.dimension()) {
            return null;
        }
        if (experiment.model() == LinearModel.SHARED) {
            return live.joint(claims.arm(), features)
                    .map(z -> new LinearUpdate(experiment.primary().id(), z, true)).orElse(null);
        }
        return new LinearUpdate(experiment.primary().id(), features);
    }

    /** Credits a reward to the arm of a decision, or directly to an experiment's arm. */
    public Uni<RewardReceipt> reward(RewardRequest request) {
        if (request == null) {
            throw LeverException.invalid(null, "request body is required, e.g. {\"decisionId\": \"...\", "
                    + "\"reward\": 1}");
        }
        if (request.reward() == null && request.metrics() == null) {
            throw LeverException.invalid("reward", "reward is required: a number (or metrics: values by metric id)");
        }
        if (request.reward() != null && request.metrics() != null) {
            throw LeverException.invalid("metrics", "send either reward or metrics, not both");
        }
        if (request.decisionId() != null) {
            if (request.experiment() != null || request.arm() != null) {
                throw LeverException.invalid(request.experiment() != null ? "experiment" : "arm",
                        "send either decisionId, or experiment and arm, not both");
            }
            return signer().chain(signer -> rewardDecision(signer.verify(request.decisionId()), request));
        }
        if (request.experiment() == null && request.arm() == null) {
            throw LeverException.invalid("decisionId", "decisionId is required (or experiment and arm to credit an "
                    + "arm directly)");
        }
        String id = Ids.require("experiment", request.experiment());
        String arm = Ids.require("arm", request.arm());
        // Counted once the experiment is found: an unknown arm under _other, never a series of its own.
        return liveExperiment(id).chain(experiment -> counted(id, arm, Uni.createFrom().deferred(() -> {
            Experiment definition = experiment.versioned().experiment();
            if (!definition.hasArm(arm)) {
                throw LeverException.invalid("arm", "experiment '" + id + "' has no arm '" + arm + "'");
            }
            if (definition.split().hashed()) {
                throw LeverException.invalid("decisionId", "experiment '" + id + "' is analysed per "
                        + definition.split().wireName() + ": a reward must come with the decisionId of the "
                        + definition.split().wireName() + "'s decision, so it counts for that unit");
            }
            List<Credit> credits = credits(definition, request, null);
            // A direct reward is a complete observation made outside /select: it counts its own pull.
            return record(new RewardRecord(id, experiment.versioned().epoch(), 0, arm, true, null,
                    experiment.trackedMetrics(), credits, System.currentTimeMillis()), arm, credits);
        })));
    }

    /** A verified decision's reward: counted under the signed experiment and arm, whatever becomes of it. */
    private Uni<RewardReceipt> rewardDecision(DecisionClaims claims, RewardRequest request) {
        return counted(claims.experiment(), claims.arm(), Uni.createFrom().deferred(() -> {
            long received = System.currentTimeMillis();
            long remaining = claims.expiresAtMillis() - received;
            if (remaining <= 0) {
                throw new LeverException(LeverException.Kind.EXPIRED, "decisionId", "decision expired "
                        + (-remaining / 1000) + " s ago: its reward window closed, so the reward was not counted");
            }
            return creditDecision(claims, request, remaining, received);
        }));
    }

    private Uni<RewardReceipt> creditDecision(DecisionClaims claims, RewardRequest request, long remaining,
            long received) {
        return liveExperiment(claims.experiment()).chain(cached -> {
            if (cached.versioned().epoch().equals(claims.epoch())) {
                return Uni.createFrom().item(cached);
            }
            // This replica may hold an older incarnation of the experiment: read it again before refusing.
            live.remove(claims.experiment(), cached);
            return liveExperiment(claims.experiment());
        }).chain(experiment -> {
            if (!experiment.versioned().epoch().equals(claims.epoch())) {
                throw gone(claims.experiment());
            }
            Experiment definition = experiment.versioned().experiment();
            List<Credit> credits = credits(definition, request, claims.token());
            return record(new RewardRecord(claims.experiment(), claims.epoch(), remaining, claims.arm(), false,
                    claims.unitKey(), experiment.trackedMetrics(), credits, received, definition.log(),
                    linearUpdate(experiment, claims)), claims.arm(), credits);
        }).onFailure(failure -> failure instanceof LeverException e && e.kind() == LeverException.Kind.NOT_FOUND)
                // The signature proves the experiment existed when the decision was made: it is gone, not unknown.
                .transform(failure -> gone(claims.experiment()));
    }

    /**
     * Counts a reward's outcome in {@code lever_rewards_total}: the answer's status, or {@code expired} for a 410 and
     * {@code rejected} for any other refusal.
     */
    private Uni<RewardReceipt> counted(String experiment, String arm, Uni<RewardReceipt> reward) {
        return reward
                .invoke(receipt -> countReward(experiment, arm, RewardReceipt.ACCEPTED.equals(receipt.status())
                        ? RewardResult.ACCEPTED : RewardResult.DUPLICATE))
                .onFailure().invoke(failure -> countReward(experiment, arm,
                        failure instanceof LeverException e && e.kind() == LeverException.Kind.EXPIRED
                                ? RewardResult.EXPIRED : RewardResult.REJECTED));
    }

    private void countReward(String experiment, String arm, RewardResult result) {
        LiveExperiment cached = live.get(experiment);
        if (cached != null) {
            cached.series().rewarded(arm, result);
        } else {
            metrics.rewarded(experiment, arm, result);
        }
    }

    /** The largest number of units in one covariates request. */
    static final int MAX_COVARIATE_UNITS = 10_000;

    /**
     * Records units' pre-experiment values in one atomic step: a request with any invalid entry records nothing.
     */
    public Uni<CovariatesRequest.Receipt> recordCovariates(String id, CovariatesRequest request) {
        Ids.require("id", id);
        if (request == null || request.units() == null) {
            throw LeverException.invalid("units", "units is required: [{\"unit\": \"user-42\", \"values\": "
                    + "{\"revenue\": 12.5}}, ...]");
        }
        if (request.units().isEmpty() || request.units().size() > MAX_COVARIATE_UNITS) {
            throw LeverException.invalid("units", "units must list 1 to " + MAX_COVARIATE_UNITS + " units, was "
                    + request.units().size());
        }
        return liveExperiment(id).chain(experiment -> {
            Experiment definition = experiment.versioned().experiment();
            if (!definition.split().hashed()) {
                throw LeverException.conflict(null, "experiment '" + id + "' is analysed per decision, not per "
                        + "unit: covariates apply to fixed splits by user or session");
            }
            Map<String, Map<String, Double>> byKey = new java.util.LinkedHashMap<>();
            for (int i = 0; i < request.units().size(); i++) {
                CovariatesRequest.UnitCovariates entry = request.units().get(i);
                String field = "units[" + i + "]";
                if (entry == null || entry.unit() == null || entry.values() == null) {
                    throw LeverException.invalid(field, field + " must be {\"unit\": ..., \"values\": {...}}");
                }
                try {
                    checkUnit(entry.unit());
                    Map<String, Double> values = covariates(definition, entry.values());
                    byKey.merge(DecisionClaims.unitKey(HashSplit.unitHash(id, entry.unit())), values,
                            (first, later) -> {
                                Map<String, Double> merged = new java.util.HashMap<>(later);
                                merged.putAll(first);
                                return merged;
                            });
                } catch (LeverException e) {
                    throw e.under(field);
                }
            }
            return store.recordCovariates(id, experiment.versioned().epoch(), experiment.trackedMetrics(), byKey)
                    .map(current -> {
                        if (!current) {
                            live.remove(id, experiment);
                            throw ExperimentService.notFound(id);
                        }
                        return new CovariatesRequest.Receipt(id, request.units().size());
                    });
        });
    }

    /**
     * One credit per metric value of the request, each validated against its metric and, for a decision, keyed by
     * the decision's token and the metric so that each metric counts once per decision.
     */
    private static List<Credit> credits(Experiment experiment, RewardRequest request, String token) {
        boolean plain = request.reward() != null;
        Map<String, Double> values = plain ? Map.of(experiment.primary().id(), request.reward()) : request.metrics();
        if (values.isEmpty()) {
            throw LeverException.invalid("metrics", "metrics must hold at least one value; metrics of experiment '"
                    + experiment.id() + "': " + metricIds(experiment));
        }
        List<Credit> credits = new ArrayList<>(values.size());
        for (Map.Entry<String, Double> value : values.entrySet()) {
            String field = plain ? "reward" : "metrics." + value.getKey();
            Metric metric = experiment.metric(value.getKey()).orElseThrow(() -> LeverException.invalid(field,
                    "experiment '" + experiment.id() + "' has no metric '" + Ids.printable(value.getKey())
                            + "'; its metrics: " + metricIds(experiment)));
            if (value.getValue() == null) {
                throw LeverException.invalid(field, field + " must be a number, was null");
            }
            String problem = metric.kind().checkReward(value.getValue());
            if (problem != null) {
                throw LeverException.unprocessable(field, field + " " + problem);
            }
            credits.add(new Credit(token == null ? null : token + "." + metric.id(), metric.id(), value.getValue()));
        }
        return credits;
    }

    /**
     * A unit's covariates, checked against the experiment's metrics: each a metric id and a value within the bounds
     * of a continuous value (a pre-experiment rate or count need not be 0 or 1).
     */
    static Map<String, Double> covariates(Experiment experiment, Map<String, Double> covariates) {
        if (covariates == null) {
            return Map.of();
        }
        for (Map.Entry<String, Double> value : covariates.entrySet()) {
            String field = "covariates." + Ids.printable(value.getKey());
            if (experiment.metric(value.getKey()).isEmpty()) {
                throw LeverException.invalid(field, "experiment '" + experiment.id() + "' has no metric '"
                        + Ids.printable(value.getKey()) + "'; its metrics: " + metricIds(experiment));
            }
            String problem = value.getValue() == null ? "must be a number, was null"
                    : RewardKind.CONTINUOUS.checkReward(value.getValue());
            if (problem != null) {
                throw LeverException.invalid(field, field + " " + problem);
            }
        }
        return covariates;
    }

    private static String metricIds(Experiment experiment) {
        return experiment.metrics().stream().map(Metric::id).collect(Collectors.joining(", "));
    }

    private Uni<RewardReceipt> record(RewardRecord reward, String arm, List<Credit> credits) {
        return store.recordReward(reward).map(outcome -> {
            if (!outcome.current()) {
                live.remove(reward.experiment());
                throw gone(reward.experiment());
            }
            List<String> duplicates = new ArrayList<>();
            for (int i = 0; i < credits.size(); i++) {
                if (!outcome.applied().get(i)) {
                    String token = credits.get(i).token();
                    duplicates.add(token.substring(token.indexOf('.') + 1));
                }
            }
            boolean nothingCounted = duplicates.size() == credits.size();
            return new RewardReceipt(nothingCounted ? RewardReceipt.DUPLICATE : RewardReceipt.ACCEPTED,
                    reward.experiment(), arm, nothingCounted ? List.of() : duplicates);
        });
    }

    /** The cached experiment, or a fresh read of its definition and statistics. */
    private Uni<LiveExperiment> liveExperiment(String id) {
        LiveExperiment cached = live.get(id);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long start = System.nanoTime();
        return Uni.combine().all().unis(experiments.find(id), store.stats(id)).asTuple().chain(loaded -> {
            var versioned = loaded.getItem1().orElseThrow(() -> {
                metrics.forget(id); // deleted through another replica: its series go too
                return ExperimentService.notFound(id);
            });
            Experiment definition = versioned.experiment();
            LiveExperiment fresh = new LiveExperiment(versioned, loaded.getItem2(), start, ALLOCATIONS,
                    metrics.experiment(id, definition.policy().type(), definition.arms().stream().map(Arm::id)
                            .toList()));
            LiveExperiment kept = live.compute(id, (key, raced) -> raced != null ? raced
                    : outdated(versioned) ? null : fresh);
            // Read before a change made here and finished since: read again.
            return kept != null ? Uni.createFrom().item(kept) : liveExperiment(id);
        });
    }

    /** The decision-id signer: of the configured keys, or else of the secret shared through the store (on first use). */
    private Uni<DecisionIds> signer() {
        DecisionIds current = ids;
        if (current != null) {
            return Uni.createFrom().item(current);
        }
        Uni<String> secret = Uni.createFrom().deferred(() -> {
            byte[] random = new byte[32];
            SEEDS.nextBytes(random);
            return store.sharedSecret(Base64.getEncoder().encodeToString(random));
        });
        return secret.map(s -> {
            synchronized (this) {
                if (ids == null) {
                    ids = new DecisionIds(List.of(s));
                }
                return ids;
            }
        });
    }

    private static void checkUnit(String unit) {
        if (unit != null && (unit.isEmpty() || unit.length() > MAX_UNIT_LENGTH
                || unit.codePoints().anyMatch(Character::isISOControl))) {
            throw LeverException.invalid("unit", "unit must be 1 to " + MAX_UNIT_LENGTH
                    + " characters without control characters, was " + unit.length() + " characters");
        }
    }

    private static LeverException gone(String id) {
        return new LeverException(LeverException.Kind.EXPIRED, "decisionId", "experiment '" + id
                + "' was deleted or recreated after this decision was made, so its reward cannot be counted");
    }
}
