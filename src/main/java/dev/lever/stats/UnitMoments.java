package dev.lever.stats;

/**
 * The moments of one metric over the units (users, sessions) of one arm: for each unit u four values,
 * <ul>
 *   <li>x_u, the ratio's denominator: the unit's exposures (binary metric) or its number of values (continuous);</li>
 *   <li>y_u, the ratio's numerator: the sum of the unit's values of the metric;</li>
 *   <li>v_u, 1 when y_u &gt; 0 (the unit converted), else 0;</li>
 *   <li>p_u, the unit's pre-experiment value of the metric (the CUPED covariate), 0 when none was sent;</li>
 * </ul>
 * kept as their means and centred co-moments C_ab = sum((a_u - mean_a)(b_u - mean_b)). Updating means and
 * co-moments one unit at a time (Welford, Technometrics 4(3), 1962; for co-moments, Chan, Golub &amp; LeVeque,
 * "Algorithms for Computing the Sample Variance", 1983) never subtracts two large sums, so values with a large
 * offset keep their digits, unlike sum-of-squares forms.
 *
 * <p>A unit's values change as it comes back; {@link #replace} removes its old point and adds the new one.
 * The store's Lua scripts apply the same update, in the same order, so a contract test can compare the two.
 */
public record UnitMoments(long n, double meanX, double meanY, double meanV, double meanP, double cxx, double cxy,
        double cxv, double cxp, double cyy, double cyv, double cyp, double cvv, double cvp, double cpp) {

    /** No unit yet. */
    public static final UnitMoments EMPTY = new UnitMoments(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The number of values per unit this record keeps, in the order of {@link #toArray()}. */
    public static final int SIZE = 15;

    /** The record from its array form, {@code n, means (x, y, v, p), co-moments (xx xy xv xp yy yv yp vv vp pp)}. */
    public static UnitMoments fromArray(double[] a) {
        if (a.length != SIZE) {
            throw new InvalidStatisticsArgumentException("moments", "must hold " + SIZE + " numbers, held "
                    + a.length);
        }
        return new UnitMoments((long) a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11],
                a[12], a[13], a[14]);
    }

    /** The array form read by {@link #fromArray}. */
    public double[] toArray() {
        return new double[] {n, meanX, meanY, meanV, meanP, cxx, cxy, cxv, cxp, cyy, cyv, cyp, cvv, cvp, cpp};
    }

    /** These moments with one more unit whose values are (x, y, p); v follows from y. */
    public UnitMoments plus(double x, double y, double p) {
        return update(new double[] {x, y, y > 0 ? 1 : 0, p}, +1);
    }

    /** These moments without a unit whose values were (x, y, p); the inverse of {@link #plus}. */
    public UnitMoments minus(double x, double y, double p) {
        if (n < 1) {
            throw new InvalidStatisticsArgumentException("n", "must be >= 1 to remove a unit, was " + n);
        }
        return update(new double[] {x, y, y > 0 ? 1 : 0, p}, -1);
    }

    /** These moments after a unit's values changed from the old point to the new one. */
    public UnitMoments replace(double oldX, double oldY, double oldP, double x, double y, double p) {
        return minus(oldX, oldY, oldP).plus(x, y, p);
    }

    /**
     * Welford's update for adding (sign +1) or removing (sign -1) one point z: with d = z - mean before the update,
     * mean' = mean + sign d / n' and C'_ab = C_ab + sign d_a (z_b - mean'_b).
     */
    private UnitMoments update(double[] z, int sign) {
        double[] a = toArray();
        long count = n + sign;
        if (count == 0) {
            return EMPTY;
        }
        double[] d = new double[4];
        for (int i = 0; i < 4; i++) {
            d[i] = z[i] - a[1 + i];
            a[1 + i] += sign * d[i] / count;
        }
        int c = 5;
        for (int i = 0; i < 4; i++) {
            for (int j = i; j < 4; j++) {
                a[c++] += sign * d[i] * (z[j] - a[1 + j]);
            }
        }
        a[0] = count;
        return fromArray(a);
    }
}
