package dev.lever.observability;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Lever's own metrics at {@code /q/metrics}. */
@ConfigMapping(prefix = "lever.metrics")
public interface MetricsConfig {

    /**
     * The most (experiment, arm) pairs with series of their own in this replica. Each pair holds five counters (its
     * selections, and its rewards by outcome), about 2.5 KB of heap and five Prometheus series; the default, 10,000
     * pairs (ten experiments of 1,000 arms), is then about 25 MB and 50,000 series per replica. Pairs beyond the cap
     * are counted under the experiment and arm {@code _other}, so totals stay exact while the series stop growing.
     * A deleted experiment's pairs are removed and free their places.
     */
    @WithDefault("10000")
    int maxArmSeries();
}
