package dev.lever.store;

import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import io.quarkus.runtime.ShutdownEvent;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Makes the configured {@link StateStore} available for injection. */
@ApplicationScoped
class StateStoreProducer {

    private static final Logger LOG = Logger.getLogger(StateStoreProducer.class);

    @Produces
    @ApplicationScoped
    StateStore stateStore(StoreConfig config, Instance<Redis> redis) {
        if (config.type() == StoreConfig.Type.MEMORY) {
            LOG.info("State store: in memory (this process only; set lever.store.type=redis to share state)");
            return new InMemoryStateStore();
        }
        RedisStateStore store = new RedisStateStore(redis.get());
        if (config.pullFlush().isZero()) {
            LOG.info("State store: Redis, every pull written through");
            return store;
        }
        LOG.infof("State store: Redis, pull counts added in batches every %d ms", config.pullFlush().toMillis());
        return new BufferedPulls(store, config.pullFlush());
    }

    /** Adds the pulls still buffered in this replica before it stops. */
    void flushOnShutdown(@Observes ShutdownEvent event, StateStore store) {
        if (store instanceof BufferedPulls buffered) {
            buffered.flushAll(Duration.ofSeconds(5));
        }
    }
}
