package dev.lever.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Set;

/**
 * Histogram buckets for the HTTP server timer of the hot path, so that {@code histogram_quantile} over
 * {@code http_server_requests_seconds_bucket} gives its latency percentiles across replicas. The other endpoints
 * keep the plain timer (count, sum, max): their buckets would add series nobody reads.
 */
@Singleton
public class HttpHistograms {

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";
    static final Set<String> HOT_PATH = Set.of("/select", "/reward");

    /** Buckets from 100 µs (a select costs tens of microseconds) to 10 s, Micrometer's percentile series between. */
    @Produces
    @Singleton
    MeterFilter hotPathHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!HTTP_SERVER_REQUESTS.equals(id.getName()) || !HOT_PATH.contains(id.getTag("uri"))) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofNanos(100_000).toNanos())
                        .maximumExpectedValue((double) Duration.ofSeconds(10).toNanos())
                        .build()
                        .merge(config);
            }
        };
    }
}
