package dev.lever.offline;

import dev.lever.error.LeverException;
import dev.lever.experiment.ExperimentService;
import dev.lever.experiment.Ids;
import dev.lever.experiment.VersionedExperiment;
import dev.lever.store.DecisionLogConfig;
import dev.lever.store.LoggedEntry;
import dev.lever.store.StateStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads experiments' decision logs, a page at a time. */
@ApplicationScoped
public class DecisionLogService {

    static final int DEFAULT_PAGE = 1000;
    private static final Pattern ENTRY_ID = Pattern.compile("[0-9]{1,19}-[0-9]{1,19}");

    private final ExperimentService experiments;
    private final StateStore store;
    private final DecisionLogConfig config;

    public DecisionLogService(ExperimentService experiments, StateStore store, DecisionLogConfig config) {
        this.experiments = experiments;
        this.store = store;
        this.config = config;
    }

    /** One page of a log and the cursor after it. */
    public record Page(List<LoggedEntry> entries, String next) {
    }

    /**
     * The entries after {@code since}, at most {@code limit}.
     *
     * @param since an entry id already read, or {@code null} for the oldest entry kept
     * @param limit the most entries, {@code null} for {@link #DEFAULT_PAGE}
     */
    public Uni<Page> page(String id, String since, String limit) {
        String after = cursor("since", since);
        Long asked = QueryNumbers.whole("limit", limit, 1, config.maxPage());
        int count = asked == null ? Math.min(DEFAULT_PAGE, config.maxPage()) : asked.intValue();
        return experiments.get(id).chain(versioned -> store.decisionLog(id, after, count).map(entries -> {
            if (entries.isEmpty() && after == null && !versioned.experiment().log()) {
                throw notLogged(versioned);
            }
            return new Page(entries, entries.isEmpty() ? since : entries.get(entries.size() - 1).id());
        }));
    }

    /**
     * Every entry after {@code since}, up to {@code max}, read in pages.
     *
     * @param read collects the entries; the answer is whether the log held more than {@code max}
     */
    Uni<Boolean> readAll(String id, String since, int max, List<LoggedEntry> read) {
        int count = Math.min(config.maxPage(), max - read.size() + 1);
        return store.decisionLog(id, since, count).chain(entries -> {
            read.addAll(entries);
            if (read.size() > max) {
                read.subList(max, read.size()).clear();
                return Uni.createFrom().item(true);
            }
            if (entries.size() < count) {
                return Uni.createFrom().item(false);
            }
            return readAll(id, entries.get(entries.size() - 1).id(), max, read);
        });
    }

    /** A validated cursor: an entry id {@code <ms>-<sequence>}, or {@code null}. */
    static String cursor(String field, String value) {
        if (value == null) {
            return null;
        }
        if (!ENTRY_ID.matcher(value).matches()) {
            throw LeverException.invalid(field, field + " must be the id of a log entry already read, "
                    + "<ms>-<sequence> as each line's id gives it (e.g. 1767225600000-0), or absent to start at the "
                    + "oldest entry kept; was '" + Ids.printable(value) + "'");
        }
        return value;
    }

    static LeverException notLogged(VersionedExperiment versioned) {
        return LeverException.conflict("log", "experiment '" + versioned.experiment().id() + "' keeps no decision "
                + "log: set \"log\": true on it (PATCH /experiments/" + versioned.experiment().id()
                + " with {\"log\": true}) and its decisions are logged from then on");
    }

    /** A page's entries as JSON lines. */
    static List<LogLine> lines(List<LoggedEntry> entries) {
        List<LogLine> lines = new ArrayList<>(entries.size());
        entries.forEach(entry -> lines.add(LogLine.of(entry)));
        return lines;
    }
}
