package dev.lever.offline;

import dev.lever.context.Context;
import dev.lever.context.FeatureSpace;
import dev.lever.error.LeverException;
import dev.lever.evaluation.Evaluation;
import dev.lever.evaluation.LogEvent;
import dev.lever.evaluation.OffPolicyEstimators;
import dev.lever.evaluation.Replay;
import dev.lever.evaluation.UnsupportedCandidateException;
import dev.lever.experiment.Arm;
import dev.lever.experiment.Experiment;
import dev.lever.experiment.ExperimentParser;
import dev.lever.experiment.ExperimentService;
import dev.lever.experiment.FeaturesSpec;
import dev.lever.policy.ContextualPolicy;
import dev.lever.policy.Policy;
import dev.lever.policy.SplittableRng;
import dev.lever.store.DecisionLogConfig;
import dev.lever.store.LogEntry;
import dev.lever.store.LoggedEntry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Off-policy evaluation of a candidate policy on an experiment's decision log: reads the log, turns it into the
 * replay's events (decisions whose reward window has closed, and the primary metric's rewards credited to them),
 * and runs the estimators of {@link dev.lever.evaluation} off the event loop.
 */
@ApplicationScoped
public class EvaluationService {

    /** The fewest logged decisions an estimate is made from: below it, the normal intervals mean little. */
    static final int MIN_DECISIONS = 30;
    static final double DEFAULT_CONFIDENCE = 0.95;

    private final ExperimentService experiments;
    private final DecisionLogService log;
    private final DecisionLogConfig config;

    public EvaluationService(ExperimentService experiments, DecisionLogService log, DecisionLogConfig config) {
        this.experiments = experiments;
        this.log = log;
        this.config = config;
    }

    public Uni<EvaluationView> evaluate(String id, EvaluationRequest request) {
        if (request == null || request.policy() == null) {
            throw LeverException.invalid("policy", "policy is required: the candidate policy, as an experiment's "
                    + "policy field takes it, e.g. {\"policy\": {\"type\": \"fixed-split\"}}");
        }
        String since = DecisionLogService.cursor("since", request.since());
        double confidence = request.confidence() == null ? DEFAULT_CONFIDENCE : request.confidence();
        if (!(confidence >= 0.5 && confidence <= 0.999)) {
            throw LeverException.invalid("confidence", "confidence must be in [0.5, 0.999], was " + confidence);
        }
        if (request.refreshEvery() != null && (request.refreshEvery() < 1 || request.refreshEvery() > 1_000_000)) {
            throw LeverException.invalid("refreshEvery", "refreshEvery must be 1 to 1000000 decisions, was "
                    + request.refreshEvery());
        }
        return experiments.get(id).chain(versioned -> {
            Experiment experiment = versioned.experiment();
            Policy candidate = ExperimentParser.policy(experiment, request.policy());
            FeatureSpace space = featureSpace(experiment, request.features());
            List<LoggedEntry> entries = new ArrayList<>();
            return log.readAll(id, since, config.maxEvaluated(), entries)
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(truncated -> {
                        if (entries.isEmpty() && !experiment.log()) {
                            throw DecisionLogService.notLogged(versioned);
                        }
                        return evaluate(experiment, candidate, space, request, confidence, entries, truncated);
                    });
        });
    }

    /**
     * The feature space logged contexts are encoded in: the request's {@code features.dimension}, else the
     * experiment's own, else the default.
     */
    private static FeatureSpace featureSpace(Experiment experiment, FeaturesSpec features) {
        if (features == null || features.dimension() == null) {
            return experiment.features() != null ? experiment.features()
                    : new FeatureSpace(FeatureSpace.DEFAULT_DIMENSION);
        }
        int dimension = features.dimension();
        if (dimension < FeatureSpace.MIN_DIMENSION || dimension > FeatureSpace.MAX_DIMENSION) {
            throw LeverException.invalid("features.dimension", "features.dimension must be in ["
                    + FeatureSpace.MIN_DIMENSION + ", " + FeatureSpace.MAX_DIMENSION + "], was " + dimension);
        }
        return new FeatureSpace(dimension);
    }

    private static EvaluationView evaluate(Experiment experiment, Policy candidate, FeatureSpace space,
            EvaluationRequest request, double confidence, List<LoggedEntry> entries, boolean truncated) {
        List<String> arms = experiment.activeArms().stream().map(Arm::id).toList();
        Map<String, Integer> index = new HashMap<>();
        for (int a = 0; a < arms.size(); a++) {
            index.put(arms.get(a), a);
        }
        long closedBefore = System.currentTimeMillis() - experiment.rewardWindow().toMillis();
        String metric = experiment.primary().id();
        Set<String> included = new HashSet<>();
        long pending = 0;
        for (LoggedEntry logged : entries) {
            if (logged.entry() instanceof LogEntry.Decision decision) {
                if (decision.atMillis() <= closedBefore) {
                    included.add(decision.decision());
                } else {
                    pending++;
                }
            }
        }
        List<LogEvent> events = new ArrayList<>(entries.size());
        for (LoggedEntry logged : entries) {
            LogEntry entry = logged.entry();
            if (!included.contains(entry.decision())) {
                continue;
            }
            int arm = index.getOrDefault(entry.arm(), -1);
            if (entry instanceof LogEntry.Decision decision) {
                events.add(new LogEvent.Decided(decision.decision(), arm, decision.propensity(),
                        decision.context() == null ? null : Context.parse(decision.context()).values()));
            } else if (entry instanceof LogEntry.Reward reward && reward.metric().equals(metric)) {
                events.add(new LogEvent.Rewarded(reward.decision(), arm, reward.value()));
            }
        }
        int refreshEvery = request.refreshEvery() != null ? request.refreshEvery()
                : Math.max(1, included.size() / 1000);
        Evaluation evaluation;
        Replay.Replayed replayed;
        try {
            replayed = Replay.replay(events, candidate, experiment.reward(), arms, space, refreshEvery,
                    MIN_DECISIONS, new SplittableRng(request.seed() == null ? 1 : request.seed()));
            evaluation = OffPolicyEstimators.evaluate(replayed.samples(), confidence);
        } catch (UnsupportedCandidateException e) {
            throw LeverException.conflict("policy", "the decision log of experiment '" + experiment.id()
                    + "' cannot support an estimate of this candidate: " + e.getMessage()
                    + (pending > 0 ? " (left out: " + pending + " logged decisions whose reward window of "
                    + experiment.toSpec().rewardWindow() + " has not closed)" : ""));
        }
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("type", candidate.type());
        shown.putAll(candidate.parameters());
        if (candidate instanceof ContextualPolicy) {
            shown.put("features", Map.of("dimension", space.dimension()));
        }
        return EvaluationView.of(experiment.id(), metric, shown, evaluation, replayed.rewardModel(), pending,
                confidence,
                entries.isEmpty() ? null : entries.get(0).id(),
                entries.isEmpty() ? null : entries.get(entries.size() - 1).id(), truncated);
    }
}
