package dev.lever.store;

/**
 * One entry of an experiment's decision log: a decision, or a reward credited to one. Entries of one experiment
 * are kept in the order the store received them, each under a {@link LoggedEntry#id} that only grows.
 */
public sealed interface LogEntry permits LogEntry.Decision, LogEntry.Reward {

    /** The decision's token: unique per decision, and what a reward entry joins on. */
    String decision();

    /** The arm the decision chose. */
    String arm();

    /** When the decision was made, or the reward received, in ms since the Unix epoch. */
    long atMillis();

    /**
     * A decision, as {@code POST /select} answered it.
     *
     * @param decision the decision's token (the random part of its signed id)
     * @param atMillis when it was made
     * @param unit the unit the request named, or {@code null}
     * @param arm the arm that served it
     * @param propensity the probability the policy gave that arm for this decision
     * @param policy the policy's type
     * @param version the version of the experiment's definition the decision was drawn under
     * @param context the request's context as canonical JSON ({@link dev.lever.context.Context#json()}), or
     *     {@code null} when the request sent none
     */
    record Decision(String decision, long atMillis, String unit, String arm, double propensity, String policy,
            long version, String context) implements LogEntry {

        /** A decision of a request without a context. */
        public Decision(String decision, long atMillis, String unit, String arm, double propensity, String policy,
                long version) {
            this(decision, atMillis, unit, arm, propensity, policy, version, null);
        }

        /** This decision as the store counted it: a sticky unit may keep its earlier arm and propensity. */
        public Decision counted(Assignment assignment) {
            return new Decision(decision, atMillis, unit, assignment.arm(), assignment.propensity(), policy, version,
                    context);
        }
    }

    /**
     * One metric's value credited to a decision: written only when the credit counted (a repeated reward is not
     * logged again).
     *
     * @param decision the rewarded decision's token
     * @param atMillis when the store applied it
     * @param arm the decision's arm
     * @param metric the metric id
     * @param value its value
     */
    record Reward(String decision, long atMillis, String arm, String metric, double value) implements LogEntry {
    }
}
