package dev.lever.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Who may call the API: bearer API keys by role. */
@ConfigMapping(prefix = "lever.auth")
public interface AuthConfig {

    /**
     * Whether every API call needs a key ({@code Authorization: Bearer <key>}). On by default; the dev and test
     * profiles turn it off, and the service then logs a warning at startup that the API is open to anyone who can
     * reach it. When on, at least one key must be configured or the service refuses to start.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Keys of the {@code admin} role, comma-separated: they manage experiments, credit arms directly, and may make
     * every call a client or viewer key may. Each key is at least 16 characters.
     */
    Optional<List<String>> adminKeys();

    /**
     * Keys of the {@code client} role, comma-separated: {@code POST /select} and {@code POST /reward} by decision
     * id. Each key is at least 16 characters.
     */
    Optional<List<String>> clientKeys();

    /**
     * Keys of the {@code viewer} role, comma-separated: read experiments and analyses, plan sample sizes. Each key
     * is at least 16 characters.
     */
    Optional<List<String>> viewerKeys();
}
