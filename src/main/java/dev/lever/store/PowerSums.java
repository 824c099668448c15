package dev.lever.store;

import dev.lever.stats.UnitMoments;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The power sums behind one metric's unit-level moments in one arm, exactly as {@code lua/lib/moments.lua} keeps
 * them: n, then for the unit points z = (x, y, v, p) the sums of z_i and of z_i z_j (i &lt;= j), each an
 * unevaluated sum hi + lo of two doubles updated by error-free transformations (TwoSum, TwoProduct; Shewchuk,
 * "Adaptive Precision Floating-Point Arithmetic", Discrete &amp; Computational Geometry 18, 1997).
 *
 * <p>Why not centred moments: a unit's values change as it comes back, so the moments must also remove points,
 * and a unit typically passes through 0 (its exposure) before its first value. With a value near 1e9 the
 * intermediate co-moment is of order 1e18, and any double-precision form keeps only 16 digits of it: the final,
 * small spread would be lost. These sums carry about 32 digits, so every update is exact in practice, and the
 * centred moments are computed once, in {@link BigDecimal}, when the statistics are read.
 */
final class PowerSums {

    /** The number of doubles in the stored form: n and 14 sums of two parts. */
    static final int SIZE = 29;

    private static final MathContext CONTEXT = MathContext.DECIMAL128;

    private final double[] v;

    PowerSums() {
        this.v = new double[SIZE];
    }

    PowerSums(double[] stored) {
        if (stored.length != SIZE) {
            throw new IllegalArgumentException("unit-level sums must hold " + SIZE + " numbers, held " + stored.length);
        }
        this.v = stored.clone();
    }

    /**
     * Replaces one unit's point (x, y, p) by another, either {@code null} for a unit added or removed, touching only
     * the sums whose terms change, in the script's order of operations ({@code update_units}).
     */
    void replace(double[] old, double[] now) {
        double[] a = old == null ? null : point(old);
        double[] b = now == null ? null : point(now);
        if (a == null) {
            v[0] += 1;
        } else if (b == null) {
            v[0] -= 1;
        }
        int k = 1;
        for (int i = 0; i < 4; i++) {
            double before = a == null ? 0 : a[i];
            double after = b == null ? 0 : b[i];
            if (before != after) {
                add(k, after, 0);
                add(k, -before, 0);
            }
            k += 2;
        }
        for (int i = 0; i < 4; i++) {
            for (int j = i; j < 4; j++) {
                // A term that is 0 before and after (a unit that never converted, no covariates) is skipped.
                double termBefore = a == null ? 0 : a[i] * a[j];
                double termAfter = b == null ? 0 : b[i] * b[j];
                boolean changed = a == null || b == null || a[i] != b[i] || a[j] != b[j];
                if ((termBefore != 0 || termAfter != 0) && changed) {
                    if (termAfter != 0) {
                        addProduct(k, b[i], b[j], 1);
                    }
                    if (termBefore != 0) {
                        addProduct(k, a[i], a[j], -1);
                    }
                }
                k += 2;
            }
        }
    }

    /** The point z = (x, y, v = [y &gt; 0], p) of a unit's (x, y, p). */
    private static double[] point(double[] xyp) {
        return new double[] {xyp[0], xyp[1], xyp[1] > 0 ? 1 : 0, xyp[2]};
    }

    private void addProduct(int k, double a, double b, int sign) {
        double product = a * b;
        // Math.fma gives the exact rounding error of the product, as Dekker's split does in the script.
        double error = Math.fma(a, b, -product);
        add(k, sign * product, sign * error);
    }

    /** v[k] + v[k+1] += hi + lo: the accurate double-double addition, in the script's order of operations. */
    private void add(int k, double hi, double lo) {
        double s1 = v[k] + hi;
        double bb = s1 - v[k];
        double s2 = (v[k] - (s1 - bb)) + (hi - bb);
        double t1 = v[k + 1] + lo;
        double cc = t1 - v[k + 1];
        double t2 = (v[k + 1] - (t1 - cc)) + (lo - cc);
        s2 += t1;
        double q = s1 + s2;
        s2 = s2 - (q - s1);
        s1 = q;
        s2 += t2;
        q = s1 + s2;
        v[k + 1] = s2 - (q - s1);
        v[k] = q;
    }

    /** The centred moments: means S_i / n and co-moments S_ij - S_i S_j / n, computed exactly in decimal. */
    UnitMoments moments() {
        long n = Math.round(v[0]);
        if (n <= 0) {
            return UnitMoments.EMPTY;
        }
        BigDecimal count = BigDecimal.valueOf(n);
        BigDecimal[] sums = new BigDecimal[4];
        double[] result = new double[UnitMoments.SIZE];
        result[0] = n;
        for (int i = 0; i < 4; i++) {
            sums[i] = sum(1 + 2 * i);
            result[1 + i] = sums[i].divide(count, CONTEXT).doubleValue();
        }
        int k = 9;
        int c = 5;
        for (int i = 0; i < 4; i++) {
            for (int j = i; j < 4; j++) {
                BigDecimal comoment = sum(k).subtract(sums[i].multiply(sums[j]).divide(count, CONTEXT));
                double value = comoment.doubleValue();
                result[c++] = i == j ? Math.max(0.0, value) : value;
                k += 2;
            }
        }
        return UnitMoments.fromArray(result);
    }

    private BigDecimal sum(int k) {
        return new BigDecimal(v[k]).add(new BigDecimal(v[k + 1]));
    }
}
