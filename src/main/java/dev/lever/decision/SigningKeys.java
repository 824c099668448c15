package dev.lever.decision;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * The configured decision-id keys, checked when the service starts: a key shorter than
 * {@value DecisionIds#MIN_SECRET_BYTES} bytes stops the start with a message naming it, rather than a replica that
 * starts and then fails every {@code /select}.
 */
@Startup
@ApplicationScoped
class SigningKeys {

    private final Optional<DecisionIds> configured;

    SigningKeys(DecisionConfig config) {
        List<String> keys = DecisionIds.parse(config.secret().orElse(List.of()));
        this.configured = keys.isEmpty() ? Optional.empty() : Optional.of(new DecisionIds(keys));
    }

    /** The signer of the configured keys, or empty when the key shared through the state store is to be used. */
    Optional<DecisionIds> configured() {
        return configured;
    }
}
