package dev.lever.observability;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Lever's own metrics at {@code /q/metrics}. */
@ConfigMapping(prefix = "lever.metrics")
public interface MetricsConfig {

    /**
     * The most (experiment, arm) pairs with series of their own in this replica. Each pair holds five counters (its
     * selections, and its rewards by four outcomes): about 3 KB of heap and five Prometheus series. The default,
     * 10,000 pairs (ten experiments of 1,000 arms), is about 30 MB of heap, 50,000 series and a 4 MB scrape per
     * replica. Pairs beyond the cap are counted under the experiment and arm {@code _other}, so totals stay exact
     * while the series stop growing. A deleted experiment's pairs are removed and free their places.
     */
    @WithDefault("10000")
    int maxArmSeries();
}
