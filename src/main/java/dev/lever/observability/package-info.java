/**
 * Lever's Prometheus metrics: the counters of selections and rewards by experiment and arm, with a cap on their
 * series; the Redis round-trip timer; the gauges of snapshot age, buffered pulls and degraded mode; and the
 * histogram settings of the HTTP server metrics. The decision and store packages call the two small interfaces
 * here ({@link dev.lever.observability.DecisionMetrics}, {@link dev.lever.observability.StoreMetrics}); only this
 * package knows Micrometer.
 */
package dev.lever.observability;
