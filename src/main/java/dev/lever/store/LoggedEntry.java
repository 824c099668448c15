package dev.lever.store;

/**
 * A decision log entry as stored.
 *
 * @param id its position in the log, {@code <ms>-<sequence>} (a Redis Stream entry id): pass it as the cursor to
 *     read what came after
 * @param entry the decision or reward
 */
public record LoggedEntry(String id, LogEntry entry) {
}
