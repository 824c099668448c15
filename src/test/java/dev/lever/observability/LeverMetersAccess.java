package dev.lever.observability;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;

/** Series over a throwaway registry, for tests of other packages that need an {@link ExperimentSeries}. */
public final class LeverMetersAccess {

    private LeverMetersAccess() {
    }

    public static ExperimentSeries series(String experiment, List<String> arms) {
        return new LeverMeters(new SimpleMeterRegistry(), 100).experiment(experiment, "test", arms);
    }
}
