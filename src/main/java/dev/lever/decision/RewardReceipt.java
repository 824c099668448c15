package dev.lever.decision;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to {@code POST /reward}.
 *
 * @param status {@code accepted} when something was counted, {@code duplicate} when the decision had already been
 *     credited with every metric sent (then nothing was counted)
 * @param experiment the experiment credited
 * @param arm the arm credited
 * @param duplicateMetrics with {@code accepted}: the metrics that were not counted again because the decision had
 *     already been credited with them; absent when there were none
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RewardReceipt(String status, String experiment, String arm, List<String> duplicateMetrics) {

    static final String ACCEPTED = "accepted";
    static final String DUPLICATE = "duplicate";
}
