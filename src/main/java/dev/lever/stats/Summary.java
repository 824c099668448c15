package dev.lever.stats;

/**
 * The sufficient statistics of one arm's values of one metric.
 *
 * @param count the number of observations (for a rate: trials)
 * @param sum their sum (for a rate: successes)
 * @param sumOfSquares the sum of their squares (for a rate: successes again)
 */
public record Summary(long count, double sum, double sumOfSquares) {

    public Summary {
        if (count < 0) {
            throw new InvalidStatisticsArgumentException("count", "must be >= 0, was " + count);
        }
        if (!Double.isFinite(sum) || !Double.isFinite(sumOfSquares) || sumOfSquares < 0) {
            throw new InvalidStatisticsArgumentException("sum", "and the sum of squares must be finite (the latter "
                    + ">= 0), were " + sum + " and " + sumOfSquares);
        }
    }

    /** A rate: {@code successes} of {@code trials}, 0 <= successes <= trials. */
    public static Summary ofRate(long trials, long successes) {
        if (successes < 0 || successes > trials) {
            throw new InvalidStatisticsArgumentException("successes", "must be in [0, " + trials + "], was "
                    + successes);
        }
        return new Summary(trials, successes, successes);
    }

    /** The mean, 0 without observations. */
    public double mean() {
        return count == 0 ? 0.0 : sum / count;
    }

    /** The unbiased sample variance, sum((x - mean)^2) / (count - 1); 0 with fewer than two observations. */
    public double variance() {
        if (count < 2) {
            return 0.0;
        }
        return Math.max(0.0, (sumOfSquares - sum * sum / count) / (count - 1));
    }
}
