package dev.lever.offline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.lever.store.LogEntry;
import dev.lever.store.LoggedEntry;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One line of {@code GET /experiments/{id}/decisions}: a decision or a reward credited to one.
 *
 * @param id the entry's position in the log: the cursor ({@code since}) that reads what came after it
 * @param type {@code decision} or {@code reward}
 * @param decision the decision's token; a reward line carries its decision's
 * @param at when the decision was made or the reward applied, ISO-8601
 * @param unit the unit the request named (decisions; absent when none)
 * @param arm the decision's arm
 * @param propensity the probability the policy gave that arm (decisions)
 * @param policy the policy's type (decisions)
 * @param version the version of the definition the decision was drawn under (decisions)
 * @param context the request's context, as canonical JSON (keys in order), written as the object it is (decisions
 *     whose request sent one)
 * @param metric the metric credited (rewards)
 * @param value its value (rewards)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogLine(String id, String type, String decision, String at, String unit, String arm, Double propensity,
        String policy, Long version,
        @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "the request's context, as /select took it "
                + "(decisions whose request sent one), e.g. {\"country\":\"de\",\"device\":\"mobile\"}")
        String context,
        String metric, Double value) {

    static LogLine of(LoggedEntry logged) {
        String at = Instant.ofEpochMilli(logged.entry().atMillis()).toString();
        if (logged.entry() instanceof LogEntry.Decision d) {
            return new LogLine(logged.id(), "decision", d.decision(), at, d.unit(), d.arm(), d.propensity(),
                    d.policy(), d.version(), d.context(), null, null);
        }
        LogEntry.Reward r = (LogEntry.Reward) logged.entry();
        return new LogLine(logged.id(), "reward", r.decision(), at, null, r.arm(), null, null, null, null, r.metric(),
                r.value());
    }
}
