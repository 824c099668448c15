package dev.lever.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The decision log of experiments created with {@code "log": true}: every decision and every reward credited to
 * one, kept in a capped Redis Stream per experiment.
 */
@ConfigMapping(prefix = "lever.decision-log")
public interface DecisionLogConfig {

    /**
     * The most entries kept per experiment; older ones are trimmed as new ones arrive. Trimming is approximate
     * ({@code MAXLEN ~}), so a log may hold a little more (up to one stream node, 100 entries by default), which
     * keeps it cheap. A decision and its rewards are separate entries.
     */
    @WithDefault("1000000")
    long maxLength();

    /**
     * How long entries are kept at most ({@code MINID ~} on the entry ids, which carry the time they were
     * written); {@code 0s} keeps them until {@link #maxLength()} trims them.
     */
    @WithDefault("30d")
    Duration maxAge();

    /**
     * With Redis and pulls added in batches: the most decision entries this replica holds before they are written
     * with the next batch, across experiments. They are normally written within {@code lever.store.pull-flush};
     * during an outage they wait for Redis like pulls do, and a decision beyond this many is served and counted but
     * left out of the log (logged once per outage, and counted).
     */
    @WithDefault("100000")
    int buffer();

    /** The most entries one {@code GET /experiments/{id}/decisions} returns (the {@code limit} it accepts). */
    @WithDefault("10000")
    int maxPage();

    /**
     * The most log entries one {@code POST /experiments/{id}/evaluate} reads, from its {@code since} cursor on (the
     * start of the log by default); the answer says when the log held more.
     */
    @WithDefault("500000")
    int maxEvaluated();

    /** The trimming bounds the stores apply. */
    default LogLimits limits() {
        return new LogLimits(maxLength(), maxAge().toMillis());
    }
}
