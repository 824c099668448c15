package dev.lever.evaluation;

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
     */
    record Decided(String decision, int arm, double propensity) implements LogEvent {

        public Decided {
            if (!(propensity > 0 && propensity <= 1)) {
                throw new IllegalArgumentException("a logged propensity must be in (0, 1], was " + propensity
                        + " for decision " + decision);
            }
        }
    }

    /** A reward value credited to a logged decision. */
    record Rewarded(String decision, int arm, double value) implements LogEvent {
    }
}
