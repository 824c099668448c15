package dev.lever.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where Lever keeps experiments and statistics. */
@ConfigMapping(prefix = "lever.store")
public interface StoreConfig {

    /** The kinds of store. */
    enum Type {
        /** Redis at {@code quarkus.redis.hosts}, shared by every replica. */
        REDIS,
        /** This process's memory: one replica only, lost on restart. */
        MEMORY
    }

    /**
     * {@code redis} (shared by all replicas; the default) or {@code memory} (a single process; the default in dev
     * mode, so that {@code quarkus:dev} needs nothing else running).
     */
    @WithDefault("redis")
    Type type();
}
