package dev.lever.health;

import dev.lever.decision.DecisionService;
import dev.lever.store.StateStore;
import dev.lever.store.StoreAvailability;
import dev.lever.store.StoreConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while this replica can answer selections. With Redis reachable (a {@code PING} answered within
 * {@code lever.store.timeout}) it can; with Redis unreachable it still can, degraded, for the experiments it has
 * loaded, so it stays ready when it has loaded any and keeps its pulls in memory
 * ({@code lever.store.pull-flush} above 0). The Redis state is in the answer's data either way.
 *
 * <p>Why not unready whenever Redis is: every replica loses the same Redis at the same moment, so every replica
 * would turn unready together and the Kubernetes Service would have no endpoint left. Apps would then get refused
 * connections instead of degraded decisions for the experiments that can still be served. A replica that has
 * loaded nothing (started during the outage) cannot serve anything and is unready.
 */
@Readiness
@ApplicationScoped
class StateStoreReadiness implements AsyncHealthCheck {

    /** An outer bound in case the store's own timeout does not fire. */
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final String NAME = "state-store";

    private final StateStore store;
    private final StoreConfig config;
    private final StoreAvailability availability;
    private final DecisionService decisions;

    StateStoreReadiness(StateStore store, StoreConfig config, StoreAvailability availability,
            DecisionService decisions) {
        this.store = store;
        this.config = config;
        this.availability = availability;
        this.decisions = decisions;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        String type = config.type().name().toLowerCase(Locale.ROOT);
        return store.ping()
                .ifNoItem().after(TIMEOUT).fail()
                .map(ok -> HealthCheckResponse.named(NAME).withData("type", type).withData("store", "reachable")
                        .withData("droppedPulls", availability.droppedPulls())
                        .withData("droppedLogEntries", availability.droppedLogEntries()).up().build())
                .onFailure().recoverWithItem(failure -> {
                    int loaded = decisions.loadedExperiments();
                    boolean degradedServing = !config.pullFlush().isZero() && loaded > 0;
                    return HealthCheckResponse.named(NAME).withData("type", type)
                            .withData("store", "unreachable")
                            .withData("error", String.valueOf(failure.getMessage()))
                            .withData("degraded", degradedServing)
                            .withData("loadedExperiments", loaded)
                            .withData("droppedPulls", availability.droppedPulls())
                            .withData("droppedLogEntries", availability.droppedLogEntries())
                            .status(degradedServing).build();
                });
    }
}
