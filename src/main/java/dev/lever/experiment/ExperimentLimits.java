package dev.lever.experiment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How much one service holds, so that its memory and Redis' stay bounded (see docs/operations.md for the bytes per
 * experiment, arm, unit and reward marker).
 */
@ConfigMapping(prefix = "lever.limits")
public interface ExperimentLimits {

    /**
     * The most experiments the service holds; creating one more answers 409 until one is deleted. Checked when an
     * experiment is created: creations racing on different replicas may pass it by as many as are in flight.
     */
    @WithDefault("1000")
    int maxExperiments();

    /**
     * The most arms (active and retired) an experiment may have, at most 1,000; a definition or an added arm that
     * would exceed it answers 400 or 409.
     */
    @WithDefault("1000")
    int maxArms();
}
