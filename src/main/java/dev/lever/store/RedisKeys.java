package dev.lever.store;

import dev.lever.history.Resolution;

/**
 * Every Redis key Lever uses, built in this one place. All keys of an experiment share the hash tag
 * {@code {<id>}}, so that each Lua script touches a single slot and stays valid on Redis Cluster. Ids are
 * validated ({@code [a-z0-9][a-z0-9._-]*}) before they get here, so they cannot inject key syntax.
 */
final class RedisKeys {

    /** The set of all experiment ids (the only key outside an experiment's slot; never touched by a script). */
    static final String INDEX = "lever:experiments";

    /** The secret that signs decision ids, shared by all replicas. */
    static final String SECRET = "lever:decision-secret";

    private RedisKeys() {
    }

    /** Hash: {@code definition}, {@code version}, {@code epoch}. */
    static String meta(String experiment) {
        return "lever:{" + experiment + "}:meta";
    }

    /** Hash of an experiment's statistics, fields as {@code lua/lib/moments.lua} describes (read by {@link StatsCodec}). */
    static String stats(String experiment) {
        return "lever:{" + experiment + "}:stats";
    }

    /** Hash: sticky unit id to its {@link Assignment}, for experiments created before sticky units expired. */
    static String units(String experiment) {
        return "lever:{" + experiment + "}:units";
    }

    /**
     * Hash: sticky unit id to its {@link Assignment}, for the units written in one generation (see
     * {@code lua/select.lua}); it expires by itself at the end of the next generation.
     */
    static String units(String experiment, long ttlSeconds, long generation) {
        return "lever:{" + experiment + "}:units:" + ttlSeconds + ":" + generation;
    }

    /** Hash: unit key to the unit's record (exposures, values and covariates per metric) for per-unit analysis. */
    static String unitRecords(String experiment) {
        return "lever:{" + experiment + "}:unit-records";
    }

    /** Hash: "<metric>:<challenger>" to the running always-valid result "p lower upper". */
    static String sequential(String experiment) {
        return "lever:{" + experiment + "}:sequential";
    }

    /** Set of retired arm ids. */
    static String retired(String experiment) {
        return "lever:{" + experiment + "}:retired";
    }

    /**
     * Hash of one history bucket (fields as {@code lua/history.lua} describes), with a time to live that ends its
     * retention. The epoch keeps a recreated experiment from ever reading an earlier incarnation's buckets.
     */
    static String history(String experiment, String epoch, Resolution level, long startMillis) {
        return "lever:{" + experiment + "}:history:" + epoch + ":" + level.size().toSeconds() + ":"
                + startMillis / 1000;
    }

    /**
     * Stream: the experiment's decision log, one entry per decision and per credited reward (fields as
     * {@code lua/lib/decisionlog.lua} describes), for experiments created with {@code "log": true}.
     */
    static String decisionLog(String experiment) {
        return "lever:{" + experiment + "}:decisions";
    }

    /**
     * Hash: replica id to the last batch of pulls it applied, "{@code <epoch> <sequence> <Unix seconds>}" (see
     * {@code lua/pulls.lua}), so that a batch sent again after a lost reply is not added twice. One hash per experiment
     * rather than one key per replica: the deletion finds it by name, and a replica that restarts (with a new id) is
     * removed from it by the first batch of another new replica once silent for the retention.
     */
    static String pullSequences(String experiment) {
        return "lever:{" + experiment + "}:pull-seq";
    }

    /** Sorted set: the credit tokens already applied, scored by when they may be forgotten (Unix ms). */
    static String rewardMarkers(String experiment) {
        return "lever:{" + experiment + "}:reward-markers";
    }

    /**
     * String with a time to live: present while a rewarded decision could be rewarded again, for experiments
     * created before the markers went into {@link #rewardMarkers}.
     */
    static String rewarded(String experiment, String decisionToken) {
        return "lever:{" + experiment + "}:rewarded:" + decisionToken;
    }
}
