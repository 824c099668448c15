package dev.lever.decision;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How decisions are made and signed. */
@ConfigMapping(prefix = "lever.decision")
public interface DecisionConfig {

    /**
     * The key that signs decision ids (HMAC-SHA256), at least 32 characters. Every replica must use the same one.
     * When unset, the first replica generates a random key and stores it in the state store, where the others find
     * it.
     */
    Optional<String> secret();

    /**
     * How old the statistics behind a decision may grow before a decision refreshes them. The refresh rides on that
     * decision's own round trip to the store, so it costs no extra one; {@code 0s} refreshes on every decision (each
     * decision then sees the statistics as of the replica's previous decision).
     */
    @WithDefault("100ms")
    Duration statsRefresh();
}
