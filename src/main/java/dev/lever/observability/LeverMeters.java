package dev.lever.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Lever's meters in the application's Micrometer registry. The gauges exist from startup and read what the decision
 * service and the store hand over once they are built (zero until then: nothing is loaded or buffered yet).
 *
 * <p>The (experiment, arm) series are capped at {@code lever.metrics.max-arm-series} pairs: a pair beyond the cap
 * is counted under the experiment and arm {@link #OTHER}, so the totals stay exact while the number of series stays
 * bounded, whatever the number of experiments and arms (up to 1,000 each).
 */
@Singleton
@Startup
public class LeverMeters implements DecisionMetrics, StoreMetrics {

    /** The experiment and arm label of what has no series of its own; no id can take it (ids start alphanumeric). */
    public static final String OTHER = "_other";

    static final String SELECTIONS = "lever.selections";
    static final String REWARDS = "lever.rewards";
    static final String ROUND_TRIP = "lever.redis.round.trip";

    private final MeterRegistry registry;
    private final int maxPairs;
    /** Experiment id to its arms' series; changed under this object's lock. */
    private final ConcurrentHashMap<String, Map<String, Pair>> experiments = new ConcurrentHashMap<>();
    private final Pair other;
    private int pairs;
    private volatile LongSupplier snapshotAge = () -> 0;
    private volatile BooleanSupplier unreachable = () -> false;
    private volatile LongSupplier bufferedPulls = () -> 0;
    private volatile LongSupplier droppedPulls = () -> 0;

    /** The series of one (experiment, arm) pair: its rewards by outcome, and its selections by policy. */
    private final class Pair {
        final String experiment;
        final String arm;
        final Counter[] rewards = new Counter[RewardResult.values().length];
        final Map<String, Counter> selections = new HashMap<>();

        Pair(String experiment, String arm) {
            this.experiment = experiment;
            this.arm = arm;
            for (RewardResult result : RewardResult.values()) {
                rewards[result.ordinal()] = Counter.builder(REWARDS)
                        .description("Rewards by experiment, arm and outcome (accepted, duplicate, expired, "
                                + "rejected)")
                        .tags("experiment", experiment, "arm", arm, "outcome", result.label())
                        .register(registry);
            }
        }

        /** Under the lock of the enclosing object. */
        Counter selections(String policy) {
            return selections.computeIfAbsent(policy, p -> Counter.builder(SELECTIONS)
                    .description("Selections answered, by experiment, arm and policy")
                    .tags("experiment", experiment, "arm", arm, "policy", p)
                    .register(registry));
        }

        void remove() {
            for (Counter counter : rewards) {
                registry.remove(counter);
            }
            selections.values().forEach(registry::remove);
        }
    }

    @Inject
    LeverMeters(MeterRegistry registry, MetricsConfig config) {
        this(registry, config.maxArmSeries());
    }

    LeverMeters(MeterRegistry registry, int maxPairs) {
        if (maxPairs < 0) {
            throw new IllegalArgumentException("lever.metrics.max-arm-series must be 0 or more, was " + maxPairs);
        }
        this.registry = registry;
        this.maxPairs = maxPairs;
        this.other = new Pair(OTHER, OTHER);
        // A registry that outlives this instance (a restarted application in the same JVM, as in tests) would keep
        // the earlier instance's gauges, bound to its suppliers: these gauges replace them.
        for (String gauge : List.of("lever.snapshot.age", "lever.pull.buffer.size", "lever.pulls.dropped",
                "lever.degraded")) {
            registry.find(gauge).meters().forEach(registry::remove);
        }
        Gauge.builder("lever.snapshot.age", () -> snapshotAge.getAsLong() / 1e9)
                .description("Age of the oldest statistics snapshot this replica draws decisions from")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("lever.pull.buffer.size", () -> bufferedPulls.getAsLong())
                .description("Pulls counted in this replica and not yet written to Redis")
                .register(registry);
        FunctionCounter.builder("lever.pulls.dropped", this, meters -> meters.droppedPulls.getAsLong())
                .description("Pulls served but never counted because the outage buffer was full")
                .register(registry);
        Gauge.builder("lever.degraded", () -> unreachable.getAsBoolean() ? 1 : 0)
                .description("1 while this replica finds Redis unreachable and serves selections degraded")
                .register(registry);
    }

    @Override
    public synchronized ExperimentSeries experiment(String id, String policy, List<String> arms) {
        Map<String, Pair> known = experiments.computeIfAbsent(id, key -> new ConcurrentHashMap<>());
        Map<String, Counter> selections = new HashMap<>();
        Map<String, Counter[]> rewards = new HashMap<>();
        for (String arm : arms) {
            Pair pair = known.get(arm);
            if (pair == null && pairs < maxPairs) {
                pair = new Pair(id, arm);
                known.put(arm, pair);
                pairs++;
            }
            if (pair != null) {
                selections.put(arm, pair.selections(policy));
                rewards.put(arm, pair.rewards);
            }
        }
        if (known.isEmpty()) {
            experiments.remove(id, known);
        }
        return new ExperimentSeries(selections, rewards, other.selections(policy), other.rewards);
    }

    @Override
    public void rewarded(String experiment, String arm, RewardResult result) {
        Map<String, Pair> known = experiments.get(experiment);
        Pair pair = known == null ? null : known.get(arm);
        (pair == null ? other : pair).rewards[result.ordinal()].increment();
    }

    @Override
    public void forget(String experiment) {
        if (!experiments.containsKey(experiment)) {
            return; // the common case (a 404 for an unknown id) takes no lock
        }
        synchronized (this) {
            Map<String, Pair> known = experiments.remove(experiment);
            if (known != null) {
                known.values().forEach(Pair::remove);
                pairs -= known.size();
            }
        }
    }

    @Override
    public void snapshotAge(LongSupplier oldestNanos) {
        this.snapshotAge = oldestNanos;
    }

    @Override
    public LongConsumer roundTrip(String operation) {
        Timer timer = Timer.builder(ROUND_TRIP)
                .description("Round trips of the state store's calls to Redis, answered ones")
                .tag("operation", operation)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
        return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void outage(BooleanSupplier unreachable, LongSupplier bufferedPulls, LongSupplier droppedPulls) {
        this.unreachable = unreachable;
        this.bufferedPulls = bufferedPulls;
        this.droppedPulls = droppedPulls;
    }

    /** The (experiment, arm) pairs with series of their own. */
    synchronized int pairs() {
        return pairs;
    }

    /** Every meter of an experiment, for tests. */
    List<Meter> meters(String experiment) {
        List<Meter> found = new ArrayList<>();
        for (Meter meter : registry.getMeters()) {
            if (experiment.equals(meter.getId().getTag("experiment"))) {
                found.add(meter);
            }
        }
        return found;
    }
}
