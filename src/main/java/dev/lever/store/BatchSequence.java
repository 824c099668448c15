package dev.lever.store;

/**
 * Where a batch of pulls stands in its replica's order, so that a store applies it at most once: a batch sent again
 * after its reply was lost (a timeout when the store did apply it) carries the same sequence, and the store skips a
 * batch whose sequence is not above the last one it applied for that replica and epoch.
 *
 * @param replica the sending process's id, random per start (a restarted replica is a new one)
 * @param number above every number the replica sent before, for any experiment
 */
public record BatchSequence(String replica, long number) {

    public BatchSequence {
        if (replica == null || replica.isEmpty() || replica.contains(" ")) {
            throw new IllegalArgumentException("a replica id is a non-empty word, got '" + replica + "'");
        }
        if (number < 1) {
            throw new IllegalArgumentException("a batch sequence number is at least 1, got " + number);
        }
    }
}
