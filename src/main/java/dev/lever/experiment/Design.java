package dev.lever.experiment;

import dev.lever.context.FeatureSpace;
import dev.lever.policy.Policy;
import dev.lever.policy.RewardKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How an experiment shares its traffic: a {@link Bandit}, which shifts traffic toward the arm that earns more, or an
 * {@link AbTest}, which serves fixed shares and is analysed as a planned test. What differs between the two lives
 * here, on each design, so that no caller asks which one it has.
 */
public sealed interface Design permits Bandit, AbTest {

    /** How traffic is allocated among the active arms. */
    Policy policy();

    /** What one assignment covers: each user, each session, or each request (always each request for a bandit). */
    Split split();

    /** Whether a unit keeps the arm it was first given, by storing it (bandits only: a fixed split hashes). */
    boolean sticky();

    /** How long a sticky unit that does not come back keeps its arm; {@code null} when not sticky. */
    Duration stickyTtl();

    /** The arm challengers are compared with; {@code null} for a bandit, which compares every arm with every other. */
    String control();

    /** The planned sample, or {@code null}: none, or a bandit. */
    Plan plan();

    /** Whether the analysis uses always-valid sequential tests (false for a bandit, which has no analysis). */
    boolean sequential();

    /**
     * Whether an arm that fails a guardrail stops receiving traffic (given guardrail metrics): always for a bandit,
     * on request for an A/B test.
     */
    boolean autoStop();

    /**
     * How a request's context becomes a feature vector, for a contextual policy; {@code null} for every other policy
     * (and an A/B test), which takes no context.
     */
    FeatureSpace features();

    /** How a contextual policy's linear models are laid out: per arm, or one shared over the arms' features. */
    default dev.lever.context.LinearModel model() {
        return dev.lever.context.LinearModel.DISJOINT;
    }

    /** Whether this is a planned A/B test rather than a bandit. */
    boolean isAbTest();

    /**
     * Each active arm's planned share of the traffic, in active-arm order; empty for a bandit, whose allocation
     * follows the data.
     */
    Optional<double[]> plannedShares(int activeArms);

    /**
     * The definition completed with this design's fields: policy, and sticky, or split, control, plan and test.
     *
     * @param common the fields every experiment has (arms, reward, window, metrics)
     * @param active the active arms, in definition order
     * @param primary how the primary metric is measured
     * @param sharesWrittenOut whether a fixed split's implicit equal shares are written out, as the API shows them;
     *     the stored definition leaves them out, so that they keep following the arms
     */
    ExperimentSpec toSpec(ExperimentSpec common, List<Arm> active, RewardKind primary, boolean sharesWrittenOut);

    /**
     * This design once an arm is added through {@code POST /experiments/{id}/arms}.
     *
     * @throws dev.lever.error.LeverException (conflict) when the arm must be added with a new definition instead
     */
    Design withArm(String experimentId);

    /**
     * This design once {@code armId} is retired.
     *
     * @param active the active arms before the retirement, {@code armId} among them
     * @throws dev.lever.error.LeverException (conflict) when the design cannot do without the arm
     */
    Design withRetired(String armId, List<Arm> active);

    /**
     * This design once the retired arm {@code armId} is active again.
     *
     * @throws dev.lever.error.LeverException (conflict) when the arm must come back with a new definition instead
     */
    Design withReinstated(String experimentId, String armId);
}
