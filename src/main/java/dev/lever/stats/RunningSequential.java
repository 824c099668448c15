package dev.lever.stats;

/**
 * The always-valid p-value and confidence sequence carried from one look to the next. Johari, Koomen, Pekelis
 * &amp; Walsh ("Always Valid Inference: Continuous Monitoring of A/B Tests", Operations Research 70(3), 2022)
 * define the p-value as p_n = min(p_{n-1}, 1 / Lambda_n) and the confidence sequence as the running
 * intersection of the intervals seen so far; both keep their guarantee, and neither can move back once a result
 * has been reported (a p-value computed afresh at each look may rise again as Lambda falls). The caller persists
 * this record between looks.
 *
 * <p>If a new interval misses the running one altogether, the data contradict each other (under the model that
 * happens with probability at most alpha). The running interval is then narrowed to the single point of its own
 * that is nearest the new interval, its bound on the new interval's side: it stays non-empty and nested in every
 * earlier one, and its width of 0 shows that the sequence has reached its limit.
 *
 * @param pValue the running p-value, in [0, 1]
 * @param lower the running interval's lower bound
 * @param upper its upper bound, >= lower
 */
public record RunningSequential(double pValue, double lower, double upper) {

    public RunningSequential {
        InvalidStatisticsArgumentException.requireProbability("pValue", pValue, false, false, 1);
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new InvalidStatisticsArgumentException("lower", "must be <= upper, were " + lower + " and "
                    + upper);
        }
    }

    /** Before any look: p = 1 and the whole line. */
    public static RunningSequential start() {
        return new RunningSequential(1.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * The state after a look.
     *
     * @param p this look's always-valid p-value ({@link SequentialTest#pValue}), in [0, 1]
     * @param cs this look's confidence sequence ({@link SequentialTest#confidenceSequence}), lower &lt;= upper
     */
    public RunningSequential next(double p, Interval cs) {
        InvalidStatisticsArgumentException.requireProbability("p", p, false, false, 1);
        if (cs == null || Double.isNaN(cs.lower()) || Double.isNaN(cs.upper()) || cs.lower() > cs.upper()) {
            throw new InvalidStatisticsArgumentException("cs", "must be an interval with lower <= upper, was " + cs);
        }
        double running = Math.min(pValue, p);
        if (cs.lower() > upper) {
            return new RunningSequential(running, upper, upper);
        }
        if (cs.upper() < lower) {
            return new RunningSequential(running, lower, lower);
        }
        return new RunningSequential(running, Math.max(lower, cs.lower()), Math.min(upper, cs.upper()));
    }

    /** The running confidence sequence as an interval. */
    public Interval interval() {
        return new Interval(lower, upper);
    }
}
