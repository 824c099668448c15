package dev.lever.store;

import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
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
        LOG.info("State store: Redis");
        return new RedisStateStore(redis.get());
    }
}
