package dev.lever.stats;

/**
 * The sufficient statistics of one arm's values of one metric, kept as the count, the mean and the centred second
 * moment M2 = sum((x - mean)^2). Keeping M2 rather than the raw sum of squares avoids the cancellation in
 * sum(x^2) - (sum x)^2 / n, which loses every significant digit once the values carry an offset large against
 * their spread (a latency of 1e9 ns +/- 5 ns, say): the two terms agree in their first sixteen digits.
 *
 * @param count the number of observations (for a rate: trials), >= 0
 * @param mean their mean, 0 without observations
 * @param sumOfSquaredDeviations M2 = sum((x - mean)^2), >= 0 (for a rate of s successes in n trials: s (n - s) / n)
 */
public record Summary(long count, double mean, double sumOfSquaredDeviations) {

    /** No observation yet. */
    public static final Summary EMPTY = new Summary(0, 0, 0);

    public Summary {
        if (count < 0) {
            throw new InvalidStatisticsArgumentException("count", "must be >= 0, was " + count);
        }
        if (!Double.isFinite(mean)) {
            throw new InvalidStatisticsArgumentException("mean", "must be finite, was " + mean);
        }
        if (!(sumOfSquaredDeviations >= 0 && Double.isFinite(sumOfSquaredDeviations))) {
            throw new InvalidStatisticsArgumentException("sumOfSquaredDeviations", "must be a finite number >= 0, "
                    + "was " + sumOfSquaredDeviations);
        }
    }

    /** A rate: {@code successes} of {@code trials}, 0 <= successes <= trials; M2 = s (n - s) / n. */
    public static Summary ofRate(long trials, long successes) {
        if (trials < 0) {
            throw new InvalidStatisticsArgumentException("count", "must be >= 0, was " + trials);
        }
        if (successes < 0 || successes > trials) {
            throw new InvalidStatisticsArgumentException("successes", "must be in [0, " + trials + "], was "
                    + successes);
        }
        if (trials == 0) {
            return EMPTY;
        }
        return new Summary(trials, (double) successes / trials, (double) successes * (trials - successes) / trials);
    }

    /**
     * The summary of the given values by Welford's one-pass update (Welford, "Note on a Method for Calculating
     * Corrected Sums of Squares and Products", Technometrics 4(3), 1962; see {@link #plus}) applied to the values
     * shifted by the first one, K = x_1: mean = K + mean(x - K), M2 = M2(x - K). Shifting by a value near the mean
     * (Chan, Golub &amp; LeVeque 1983, section 3) makes the running mean small, so its per-step rounding errors,
     * which plain Welford accumulates at the scale of the offset, no longer build up; the mean is then rounded once.
     *
     * @param values finite numbers
     */
    public static Summary of(double... values) {
        if (values.length == 0) {
            return EMPTY;
        }
        double shift = values[0];
        Summary shifted = EMPTY;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new InvalidStatisticsArgumentException("value", "must be finite, was " + v);
            }
            shifted = shifted.plus(v - shift);
        }
        return new Summary(shifted.count, shift + shifted.mean, shifted.sumOfSquaredDeviations);
    }

    /**
     * The summary from a count, a sum and a sum of squares, the form Lever kept before M2 (the tests use it to show
     * what that form loses):
     * mean = sum / n, M2 = max(0, sumOfSquares - sum^2 / n). This subtraction cancels catastrophically when the
     * values' mean is large against their spread, so new data should be summarised with {@link #of}, {@link #plus}
     * and {@link #merge} instead.
     *
     * @param count n >= 0
     * @param sum the values' sum, finite
     * @param sumOfSquares the sum of their squares, finite and >= 0
     */
    public static Summary fromSums(long count, double sum, double sumOfSquares) {
        if (count < 0) {
            throw new InvalidStatisticsArgumentException("count", "must be >= 0, was " + count);
        }
        if (!Double.isFinite(sum) || !(sumOfSquares >= 0 && Double.isFinite(sumOfSquares))) {
            throw new InvalidStatisticsArgumentException("sum", "and the sum of squares must be finite (the latter "
                    + ">= 0), were " + sum + " and " + sumOfSquares);
        }
        if (count == 0) {
            return EMPTY;
        }
        double mean = sum / count;
        return new Summary(count, mean, Math.max(0.0, sumOfSquares - sum * mean));
    }

    /**
     * Two summaries of disjoint samples combined (Chan, Golub &amp; LeVeque, "Updating Formulae and a Pairwise
     * Algorithm for Computing Sample Variances", Stanford CS report STAN-CS-79-773, 1979; "Algorithms for
     * Computing the Sample Variance", The American Statistician 37(3), 1983): with n = n_a + n_b and
     * delta = mean_b - mean_a, mean = mean_a + delta n_b / n and M2 = M2_a + M2_b + delta^2 n_a n_b / n.
     */
    public static Summary merge(Summary a, Summary b) {
        if (a.count == 0) {
            return b;
        }
        if (b.count == 0) {
            return a;
        }
        long n = a.count + b.count;
        double delta = b.mean - a.mean;
        double mean = a.mean + delta * ((double) b.count / n);
        double m2 = a.sumOfSquaredDeviations + b.sumOfSquaredDeviations
                + delta * delta * ((double) a.count * b.count / n);
        return new Summary(n, mean, m2);
    }

    /**
     * This summary with one more value x (Welford 1962): with d = x - mean, mean' = mean + d / (n + 1) and
     * M2' = M2 + d (x - mean').
     *
     * @param value a finite number
     */
    public Summary plus(double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidStatisticsArgumentException("value", "must be finite, was " + value);
        }
        long n = count + 1;
        double d = value - mean;
        double next = mean + d / n;
        return new Summary(n, next, sumOfSquaredDeviations + d * (value - next));
    }

    /** The sum of the values, count * mean (for a rate: the successes, up to rounding). */
    public double sum() {
        return count * mean;
    }

    /** The unbiased sample variance M2 / (count - 1); 0 with fewer than two observations. */
    public double variance() {
        return count < 2 ? 0.0 : sumOfSquaredDeviations / (count - 1);
    }
}
