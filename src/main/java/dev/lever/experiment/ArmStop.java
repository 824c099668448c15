package dev.lever.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Why and when a guardrail stopped an arm: the record the service writes into the definition when the always-valid
 * test ({@link dev.lever.stats.GuardrailMonitor}) shows the arm worse than the control by more than the guardrail's
 * margin. It is read-only through the API: a stop is written once, by the service, and stays as history after an
 * operator reinstates the arm.
 *
 * @param metric the guardrail metric
 * @param margin its margin when the arm was stopped
 * @param marginType {@code relative} or {@code absolute}
 * @param control the arm it was compared with
 * @param armValue the arm's estimate of the metric
 * @param controlValue the control's estimate
 * @param contrast how far within the margin the arm was estimated to be, in the metric's unit (negative: beyond it)
 * @param interval the contrast's always-valid interval, [lower, upper]; its upper bound was below 0
 * @param alpha the one-sided level of the stop
 * @param stoppedAt when the arm was stopped, an ISO-8601 instant
 * @param reinstatedAt when an operator reinstated it, or {@code null} while it is stopped
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArmStop(String metric, double margin, String marginType, String control, double armValue,
        double controlValue, double contrast, List<Double> interval, double alpha, String stoppedAt,
        String reinstatedAt) {

    /** Whether an operator brought the arm back. */
    public boolean reinstated() {
        return reinstatedAt != null;
    }

    /** This record, the arm reinstated at {@code at}. */
    ArmStop reinstatedAt(String at) {
        return new ArmStop(metric, margin, marginType, control, armValue, controlValue, contrast, interval, alpha,
                stoppedAt, at);
    }
}
