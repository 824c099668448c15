package dev.lever.simulation;

import dev.lever.policy.ArmStats;
import dev.lever.policy.Discount;
import dev.lever.policy.Policy;
import dev.lever.policy.RewardKind;
import dev.lever.policy.SplittableRng;
import java.util.Arrays;
import java.util.List;

/**
 * One run of one policy in one scenario: T decisions, each counted as a pull when made (as the service does), its
 * reward delivered after the scenario's delay, the policy seeing statistics refreshed every {@code batch} steps.
 * For a discounted policy, decision t happens at t / decisionsPerSecond seconds and every arm's statistics lose
 * the weight that the policy's {@link Discount} takes in that time. With a guardrail, each decision also draws the
 * arm's guardrail value (known at once, as a latency is), and at every refresh of the statistics the service's stop
 * rule ({@link GuardrailStops}) may stop arms: the policy then chooses among the arms still serving.
 */
final class Run {

    /**
     * The outcome of a run.
     *
     * @param regret cumulative pseudo-regret, sum of (best mean - chosen arm's mean), at each checkpoint
     * @param totalReward the sum of the rewards drawn
     * @param bestPulls how many decisions chose an arm that was best at the time
     * @param pulls the decisions each arm got
     * @param stoppedAt the step (1-based) at which the guardrail stopped each arm, 0 for an arm never stopped
     */
    record Result(double[] regret, double totalReward, long bestPulls, long[] pulls, long[] stoppedAt) {

        Result(double[] regret, double totalReward, long bestPulls) {
            this(regret, totalReward, bestPulls, new long[0], new long[0]);
        }
    }

    private Run() {
    }

    /**
     * Runs {@code policy}. The environment's draws come from {@code environment}, the policy's from
     * {@code policyRng}; giving every policy the same environment generator for a repetition compares them on the
     * same luck (common random numbers).
     *
     * @param checkpoints increasing steps (1-based counts of decisions) at which to record the regret
     */
    static Result run(Scenario scenario, Policy policy, long[] checkpoints, SplittableRng environment,
            SplittableRng policyRng, ProgressCounter progress) {
        List<ArmModel> models = scenario.arms();
        int k = models.size();
        RewardKind kind = scenario.kind();
        boolean stationary = scenario.stationary();
        double[] means = new double[k];
        for (int i = 0; i < k; i++) {
            means[i] = models.get(i).meanAt(0);
        }
        double best = Arrays.stream(means).max().orElseThrow();

        ArmStats[] actual = new ArmStats[k];
        Arrays.fill(actual, ArmStats.EMPTY);
        ArmStats[] visible = scenario.batch() > 1 ? actual.clone() : actual;
        int delay = scenario.delay();
        int[] pendingArm = new int[Math.max(1, delay)];
        double[] pendingReward = new double[Math.max(1, delay)];
        // The weight evidence keeps from one decision to the next: 2^(-(1 / decisionsPerSecond) / halfLife).
        GuardrailStops stops = scenario.guardrail() == null ? null : new GuardrailStops(scenario.guardrail(), models);
        long[] pulls = new long[k];
        double stepFactor = policy.discount().map(d -> d.factor(1.0 / scenario.decisionsPerSecond())).orElse(1.0);

        double[] regretAt = new double[checkpoints.length];
        int nextCheckpoint = 0;
        double regret = 0;
        double totalReward = 0;
        long bestPulls = 0;
        int horizon = scenario.horizon();
        for (int t = 0; t < horizon; t++) {
            if (!stationary) {
                best = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < k; i++) {
                    means[i] = models.get(i).meanAt(t);
                    best = Math.max(best, means[i]);
                }
            }
            if (stepFactor < 1.0 && t > 0) {
                for (int i = 0; i < k; i++) {
                    actual[i] = actual[i].scaled(stepFactor);
                }
            }
            if (visible != actual && t % scenario.batch() == 0) {
                System.arraycopy(actual, 0, visible, 0, k);
            }
            if (stops != null && t > 0 && t % scenario.batch() == 0) {
                stops.check(t);
            }
            int arm = stops == null || stops.active().length == k ? policy.select(visible, kind, policyRng)
                    : amongServing(policy, visible, stops.active(), kind, policyRng);
            actual[arm] = actual[arm].withPull();
            pulls[arm]++;
            if (stops != null) {
                stops.observe(arm, environment);
            }
            double reward = models.get(arm).draw(means[arm], environment);
            regret += best - means[arm];
            totalReward += reward;
            if (means[arm] == best) {
                bestPulls++;
            }
            if (delay == 0) {
                actual[arm] = actual[arm].withReward(reward);
            } else {
                int slot = t % delay;
                if (t >= delay) {
                    int due = pendingArm[slot];
                    actual[due] = actual[due].withReward(pendingReward[slot]);
                }
                pendingArm[slot] = arm;
                pendingReward[slot] = reward;
            }
            if (nextCheckpoint < checkpoints.length && t + 1 == checkpoints[nextCheckpoint]) {
                regretAt[nextCheckpoint++] = regret;
            }
            if ((t & 0xFFFF) == 0xFFFF) {
                progress.add(0x10000);
            }
        }
        progress.add(horizon & 0xFFFF);
        return new Result(regretAt, totalReward, bestPulls, pulls, stops == null ? new long[k] : stops.stoppedAt());
    }

    /** The policy's choice among the arms still serving, as an index of all arms. */
    private static int amongServing(Policy policy, ArmStats[] visible, int[] serving, RewardKind kind,
            SplittableRng rng) {
        ArmStats[] candidates = new ArmStats[serving.length];
        for (int i = 0; i < serving.length; i++) {
            candidates[i] = visible[serving[i]];
        }
        return serving[policy.select(candidates, kind, rng)];
    }

    /** Evenly spaced checkpoints over the horizon, so that a change of the arms shows where it happens. */
    static final int EVEN_CHECKPOINTS = 200;

    /**
     * The steps at which regret is recorded: 1, 2, 5, 10, 20, 50, ... (the round numbers a reader looks up), ten
     * log-spaced points per decade (for the early curve on a log axis), {@value #EVEN_CHECKPOINTS} evenly spaced
     * points, and the horizon.
     */
    static long[] checkpoints(long horizon) {
        java.util.TreeSet<Long> points = new java.util.TreeSet<>();
        for (long decade = 1; decade <= horizon; decade *= 10) {
            for (long step : new long[] {1, 2, 5}) {
                points.add(decade * step);
            }
        }
        for (int i = 0; Math.pow(10, i / 10.0) <= horizon; i++) {
            points.add(Math.round(Math.pow(10, i / 10.0)));
        }
        for (int i = 1; i <= EVEN_CHECKPOINTS; i++) {
            points.add(Math.max(1, horizon * i / EVEN_CHECKPOINTS));
        }
        points.add(horizon);
        return points.headSet(horizon, true).stream().mapToLong(Long::longValue).toArray();
    }
}
