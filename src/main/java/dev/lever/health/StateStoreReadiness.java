package dev.lever.health;

import dev.lever.store.StateStore;
import dev.lever.store.StoreConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the state store answers: with Redis, a {@code PING} within one second; the in-memory store is always
 * ready. A replica that cannot reach Redis is taken out of the load balancer instead of failing requests.
 */
@Readiness
@ApplicationScoped
class StateStoreReadiness implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final StateStore store;
    private final StoreConfig config;

    StateStoreReadiness(StateStore store, StoreConfig config) {
        this.store = store;
        this.config = config;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        String name = "state-store";
        String type = config.type().name().toLowerCase(java.util.Locale.ROOT);
        return store.ping()
                .ifNoItem().after(TIMEOUT).fail()
                .map(ok -> HealthCheckResponse.named(name).withData("type", type).up().build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(name).withData("type", type)
                        .withData("error", String.valueOf(failure.getMessage())).down().build());
    }
}
