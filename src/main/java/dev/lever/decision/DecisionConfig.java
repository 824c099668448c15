package dev.lever.decision;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How decisions are made and signed. */
@ConfigMapping(prefix = "lever.decision")
public interface DecisionConfig {

    /**
     * The keys that sign decision ids (HMAC-SHA256), comma-separated, each at least 32 bytes; a shorter key stops the
     * service at startup. The first key signs; every key verifies, so a rotation deploys {@code new,old} to every
     * replica, waits out the longest reward window, then deploys {@code new}. Every replica must use the same list.
     * When unset, the first replica generates a random key and stores it in the state store, where the others find
     * it: then anyone who can read that store can mint decision ids, so production should set this.
     */
    Optional<List<String>> secret();

    /**
     * How old the statistics behind a decision may grow before a decision refreshes them. The refresh rides on that
     * decision's own round trip to the store, so it costs no extra one; {@code 0s} refreshes on every decision (each
     * decision then sees the statistics as of the replica's previous decision).
     */
    @WithDefault("100ms")
    Duration statsRefresh();
}
