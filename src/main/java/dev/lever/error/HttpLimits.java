package dev.lever.error;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Lever's own limits on a request's head, checked before any handler runs so that a request over them gets a
 * problem answer. They sit below the HTTP codec's hard limits ({@code quarkus.http.limits.max-initial-line-length},
 * {@code quarkus.http.limits.max-header-size}), beyond which the codec refuses the request itself.
 */
@ConfigMapping(prefix = "lever.http")
public interface HttpLimits {

    /** The longest request target (path and query) accepted, in characters; longer ones get a 414. */
    @WithDefault("4096")
    int maxUriLength();

    /** The most header bytes (names, values and separators) accepted; more get a 431. */
    @WithDefault("8192")
    int maxHeaderBytes();
}
