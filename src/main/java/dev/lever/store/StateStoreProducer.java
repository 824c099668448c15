package dev.lever.store;

import dev.lever.history.Resolutions;
import dev.lever.observability.StoreMetrics;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import io.quarkus.runtime.ShutdownEvent;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Makes the configured {@link StateStore} available for injection. */
@ApplicationScoped
class StateStoreProducer {

    private static final Logger LOG = Logger.getLogger(StateStoreProducer.class);

    /** One per replica: the store reports to it, selections and readiness read it. */
    @Produces
    @Singleton
    StoreAvailability availability() {
        return new StoreAvailability();
    }

    @Produces
    @ApplicationScoped
    StateStore stateStore(StoreConfig config, HistoryConfig historyConfig, DecisionLogConfig logConfig,
            Instance<Redis> redis, StoreAvailability availability, StoreMetrics metrics) {
        Resolutions history = historyConfig.resolutions();
        LOG.infof("History: %s", history.enabled() ? history.levels().stream()
                .map(level -> "buckets of " + level.size() + " kept " + level.retention()).toList() : "off");
        if (config.type() == StoreConfig.Type.MEMORY) {
            LOG.info("State store: in memory (this process only; set lever.store.type=redis to share state)");
            metrics.outage(() -> false, () -> 0, () -> 0);
            return new InMemoryStateStore(System::currentTimeMillis, history, logConfig.limits());
        }
        ReplicaAcks acks = new ReplicaAcks(config.replicaAcks(), config.replicaAckTimeout());
        StateStore store = new GroupedRewards(new RedisStateStore(redis.get(), availability, config.timeout(),
                config.adminTimeout(), history, metrics, acks, logConfig.limits()), config.rewardBatch());
        if (acks.enabled()) {
            LOG.infof("State store: rewards, covariates and experiment changes are acknowledged once %d replica(s) "
                    + "confirm them, waiting at most %d ms", acks.replicas(), acks.timeout().toMillis());
        }
        if (config.pullFlush().isZero()) {
            LOG.infof("State store: Redis, every pull written through (no degraded mode), calls bounded to %d ms",
                    config.timeout().toMillis());
            metrics.outage(availability::down, () -> 0, availability::droppedPulls);
            return store;
        }
        LOG.infof("State store: Redis, pull counts added in batches every %d ms, rewards in batches of up to %d, "
                + "calls bounded to %d ms, up to %d units' exposures kept during an outage",
                config.pullFlush().toMillis(), config.rewardBatch(), config.timeout().toMillis(),
                config.degradedBuffer());
        BufferedPulls buffered = new BufferedPulls(store, config.pullFlush(), availability, config.degradedBuffer(),
                history, logConfig.buffer());
        metrics.outage(availability::down, buffered::bufferedPulls, availability::droppedPulls);
        return buffered;
    }

    /** Adds the pulls still buffered in this replica before it stops. */
    void flushOnShutdown(@Observes ShutdownEvent event, StateStore store) {
        if (store instanceof BufferedPulls buffered) {
            buffered.flushAll(Duration.ofSeconds(5));
        }
    }
}
