/**
 * Statistics over time, pure: how events are bucketed ({@link dev.lever.history.Resolution},
 * {@link dev.lever.history.Resolutions}), what one bucket holds ({@link dev.lever.history.BucketTotals}), how
 * buckets roll up into coarser ones ({@link dev.lever.history.RollUp}), and which buckets answer a query
 * ({@link dev.lever.history.HistoryWindow}). The store writes and reads the buckets; the history endpoint charts them.
 */
package dev.lever.history;
