package dev.lever.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An experiment's statistics per time bucket, as {@code GET /experiments/{id}/history} answers them: one point per
 * bucket of the range, empty buckets included, each with every arm of the definition in definition order.
 *
 * @param experiment the experiment id
 * @param bucket the length of each point's bucket, an ISO-8601 duration
 * @param from the start of the first bucket
 * @param to the end of the last bucket
 * @param points one per bucket, by start
 */
public record HistoryView(String experiment, String bucket, String from, String to, List<Point> points) {

    /**
     * One bucket.
     *
     * @param start the bucket's start, an ISO-8601 instant in UTC
     * @param arms every arm, in definition order
     */
    public record Point(String start, List<ArmPoint> arms) {
    }

    /**
     * One arm in one bucket.
     *
     * @param pulls decisions that chose the arm in the bucket (a direct reward counts one)
     * @param rewards values of the primary metric received in the bucket
     * @param rewardSum their sum
     * @param mean the mean reward as the experiment's statistics define it (successes per pull for a binary reward,
     *     mean received value for a continuous one) over the bucket's pulls and rewards; {@code null} without any
     * @param allocation the mean, over the bucket's decisions, of the probability the policy gave the arm;
     *     {@code null} when the bucket has no decision
     * @param metrics for an A/B test, every metric's values received in the bucket; absent for a bandit
     */
    public record ArmPoint(String arm, long pulls, long rewards, double rewardSum, Double mean, Double allocation,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<MetricPoint> metrics) {
    }

    /**
     * One metric's values received by one arm in one bucket.
     *
     * @param count how many values
     * @param sum their sum
     */
    public record MetricPoint(String metric, long count, double sum) {
    }
}
