package dev.lever.evaluation;

import java.util.Map;

/** One event of a decision log, in the order the log holds them. */
public sealed interface LogEvent permits LogEvent.Decided, LogEvent.Rewarded {

    /** The decision's token, which its rewards carry too. */
    String decision();

    /** The arm's index among the candidate's arms, or -1 for an arm the candidate cannot choose (retired). */
    int arm();

    /**
     * A logged decision.
     *
     * @param propensity the probability the logging policy gave the chosen arm, in (0, 1]
     * @param context the request's context (feature name to a string, number, boolean or null, as
     *     {@link dev.lever.context.FeatureSpace} takes it), or {@code null} when the request sent none
     */
    record Decided(String decision, int arm, double propensity, Map<String, ?> context) implements LogEvent {

        public Decided {
            if (!(propensity > 0 && propensity <= 1)) {
                throw new IllegalArgumentException("a logged propensity must be in (0, 1], was " + propensity
                        + " for decision " + decision);
            }
        }

        /** A decision of a request without a context. */
        public Decided(String decision, int arm, double propensity) {
            this(decision, arm, propensity, null);
        }
    }

    /** A reward value credited to a logged decision. */
    record Rewarded(String decision, int arm, double value) implements LogEvent {
    }
}
