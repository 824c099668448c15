package dev.lever.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Variance reduction with a pre-experiment covariate: CUPED (Deng, Xu, Kohavi &amp; Walker, "Improving the
 * Sensitivity of Online Controlled Experiments by Utilizing Pre-Experiment Data", WSDM 2013, sections 3.2 and 3.3).
 *
 * <p>Each unit's metric L_u is replaced by L_u - theta (p_u - mean(p)), where p_u is the unit's pre-experiment
 * value. Because p is measured before assignment its mean is the same in every arm in expectation, so the
 * adjustment leaves the expected difference between arms unchanged, while the variance falls by the factor
 * 1 - rho^2 (rho the correlation of L and p) at the optimal theta = cov(L, p) / var(p).
 *
 * <p>Here theta is estimated once for all arms from the pooled within-arm co-moments,
 * theta = sum_a C_Lp,a / sum_a C_pp,a, so that it does not depend on the treatment effect, and the same theta is
 * applied to every arm (Deng et al. section 3.3). With var(p) = 0 (no covariate sent) theta = 0 and the estimates
 * are the plain ones.
 *
 * <p>The unit metric L is y (continuous) or v (binary) for {@link Form#PER_UNIT}; for {@link Form#RATIO} it is the
 * linearised ratio L_u = (y_u - R x_u) / mean(x) (Deng, Knoblich &amp; Lu, KDD 2018, section 3.3), whose
 * co-moments follow from the stored ones: C_Lp = (C_yp - R C_xp) / mean(x) and
 * C_LL = (C_yy - 2 R C_xy + R^2 C_xx) / mean(x)^2.
 */
public final class Cuped {

    private Cuped() {
    }

    /**
     * The adjusted estimates.
     *
     * @param estimates per arm, in the order given: value - theta (mean(p)_arm - mean(p)_pooled) with variance
     *        (s_LL - 2 theta s_Lp + theta^2 s_pp) / n, s the arm's sample (co)variances
     * @param theta the pooled coefficient
     * @param varianceReduction 1 - sum of the adjusted variances / sum of the plain variances over the arms: for
     *        two arms, the share by which the variance of their difference fell
     */
    public record Adjustment(List<Estimate> estimates, double theta, double varianceReduction) {

        public Adjustment {
            estimates = List.copyOf(estimates);
        }
    }

    /**
     * @param arms each arm's unit moments, at least one, each with n >= 2 (and mean(x) > 0 for a ratio)
     * @param form whether the metric is a ratio of means or a mean per unit
     * @param binary for {@link Form#PER_UNIT}, whether the unit metric is v (converted) rather than y; ignored for a
     *        ratio, whose numerator is y in either case
     */
    public static Adjustment adjust(List<UnitMoments> arms, Form form, boolean binary) {
        if (arms == null || arms.isEmpty()) {
            throw new InvalidStatisticsArgumentException("arms", "must hold at least one arm");
        }
        if (form == null) {
            throw new InvalidStatisticsArgumentException("form", "must be given");
        }
        int k = arms.size();
        double[] value = new double[k];
        double[] cll = new double[k];
        double[] clp = new double[k];
        double sumClp = 0;
        double sumCpp = 0;
        double units = 0;
        double sumP = 0;
        for (int a = 0; a < k; a++) {
            UnitMoments m = arms.get(a);
            Estimate plain = form == Form.RATIO ? UnitMetrics.ratio(m) : UnitMetrics.perUnit(m, binary);
            value[a] = plain.value();
            if (form == Form.RATIO) {
                cll[a] = UnitMetrics.ratioLinearComoment(m, value[a]);
                clp[a] = (m.cyp() - value[a] * m.cxp()) / m.meanX();
            } else {
                cll[a] = binary ? m.cvv() : m.cyy();
                clp[a] = binary ? m.cvp() : m.cyp();
            }
            sumClp += clp[a];
            sumCpp += m.cpp();
            units += m.n();
            sumP += m.n() * m.meanP();
        }
        double theta = sumCpp > 0 ? sumClp / sumCpp : 0.0;
        double pooledP = sumP / units;
        List<Estimate> adjusted = new ArrayList<>(k);
        double plainTotal = 0;
        double adjustedTotal = 0;
        for (int a = 0; a < k; a++) {
            UnitMoments m = arms.get(a);
            double scale = 1.0 / ((m.n() - 1) * (double) m.n());
            double plainVariance = Math.max(0.0, cll[a] * scale);
            double variance = Math.max(0.0, (cll[a] - 2 * theta * clp[a] + theta * theta * m.cpp()) * scale);
            double df = form == Form.RATIO ? Double.POSITIVE_INFINITY : m.n() - 1;
            adjusted.add(new Estimate(value[a] - theta * (m.meanP() - pooledP), variance, m.n(), df));
            plainTotal += plainVariance;
            adjustedTotal += variance;
        }
        double reduction = plainTotal > 0 ? 1 - adjustedTotal / plainTotal : 0.0;
        return new Adjustment(adjusted, theta, reduction);
    }
}
