package dev.lever.evaluation;

import dev.lever.policy.LinearArm;
import java.util.Arrays;

/**
 * The reward model m(x, a) of the doubly robust estimate (Dudik, Langford &amp; Li, "Doubly Robust Policy Evaluation
 * and Learning", ICML 2011): {@code V = mean(sum_a pi_i(a) m(x_i, a) + w_i (r_i - m(x_i, a_i)))}. The estimate is
 * unbiased whatever m is, as long as the logged propensities are exact and m at decision i does not depend on that
 * decision's arm or reward; the closer m is to the true mean reward, the smaller its variance.
 */
sealed interface RewardModel permits RewardModel.ArmMeans, RewardModel.ProgressiveRidge {

    /** How the answer names the model: {@code arm-mean} or {@code ridge-per-arm(d=32)}. */
    String name();

    /**
     * The model's reward of every arm for decision i, whose dense feature vector is x ({@code null} for a model
     * without features), before that decision is {@linkplain #learn learnt}.
     */
    double[] predict(double[] x);

    /** Learns decision i's outcome, once its sample is taken: what the model says of later decisions. */
    void learn(double[] x, int arm, double reward);

    /**
     * Each arm's mean reward per logged decision over the whole log, the same for every context: the model of a log
     * without contexts. It sees decision i's own reward (one of the arm's n), a bias of order 1/n that the
     * estimators' intervals dwarf.
     */
    final class ArmMeans implements RewardModel {

        private final double[] means;

        ArmMeans(double[] means) {
            this.means = means.clone();
        }

        @Override
        public String name() {
            return "arm-mean";
        }

        @Override
        public double[] predict(double[] x) {
            return means;
        }

        @Override
        public void learn(double[] x, int arm, double reward) {
            // fitted on the whole log up front
        }
    }

    /**
     * One ridge regression of the reward on the features per arm (prior precision 1, the policies' default), fitted
     * progressively: the model that predicts decision i is fitted on the decisions logged before it, with their
     * rewards (0 when none arrived), and learns decision i only after its sample is taken. So m at decision i is a
     * function of earlier decisions alone, and given them decision i's arm is drawn with its logged propensity and
     * its reward from the environment, whatever m is: each DR term is then unbiased given the past (Dudik, Langford
     * &amp; Li 2011, section 3), and the centred terms form a martingale difference sequence, so the normal interval
     * over them holds as for independent terms. This is the argument of progressive validation (Blum, Kalai &amp;
     * Langford, "Beating the Hold-Out: Bounds for K-fold and Progressive Cross-Validation", COLT 1999): every
     * prediction is made before its example is learnt, so no example is scored by a model that saw it, and no data
     * is held out.
     *
     * <p>Rewards of earlier decisions that arrived after decision i are used too: decision i's draw did not know
     * them, and they are independent of its arm and reward. Each update is a Sherman-Morrison step of
     * {@link LinearArm#updated}, O(d^2), the same code the simulator learns with.
     */
    final class ProgressiveRidge implements RewardModel {

        static final double RIDGE = 1.0;

        private final LinearArm[] arms;

        ProgressiveRidge(int arms, int dimension) {
            this.arms = new LinearArm[arms];
            Arrays.fill(this.arms, LinearArm.prior(dimension, RIDGE));
        }

        @Override
        public String name() {
            return "ridge-per-arm(d=" + arms[0].dimension() + ")";
        }

        @Override
        public double[] predict(double[] x) {
            double[] m = new double[arms.length];
            for (int a = 0; a < arms.length; a++) {
                m[a] = arms[a].mean(x);
            }
            return m;
        }

        @Override
        public void learn(double[] x, int arm, double reward) {
            arms[arm] = arms[arm].updated(x, reward);
        }
    }
}
