package dev.lever.store;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A metric as the store needs to know it: binary metrics are per exposure, continuous ones per value received.
 *
 * @param id the metric id
 * @param binary whether its values are 0 or 1
 */
public record TrackedMetric(String id, boolean binary) {

    /** The scripts' form, {@code "<id>:b"} or {@code "<id>:c"}, space-separated. */
    static String encode(List<TrackedMetric> metrics) {
        return metrics.stream().map(m -> m.id + (m.binary ? ":b" : ":c")).collect(Collectors.joining(" "));
    }
}
