// The experiment's history: GET /experiments/{id}/history?from=&to=&bucket= (ISO-8601 instants and duration).

import { getJson } from './api.js';

/**
 * The time ranges the experiment page offers, with the bucket each is read in. The last hour names neither start nor
 * bucket: the service then starts at the later of an hour ago and the experiment's creation, in its finest buckets,
 * so a young experiment fills the chart.
 */
export const RANGES = {
  hour: { label: 'Last hour', millis: null, bucket: null },
  day: { label: 'Last 24 hours', millis: 24 * 3600e3, bucket: 'PT15M' },
  week: { label: 'Last 7 days', millis: 7 * 24 * 3600e3, bucket: 'PT1H' },
};

export function loadHistory(id, range) {
  const query = new URLSearchParams();
  if (range.millis !== null) {
    const to = new Date();
    query.set('from', new Date(to.getTime() - range.millis).toISOString());
    query.set('to', to.toISOString());
    query.set('bucket', range.bucket);
  }
  return getJson('/experiments/' + encodeURIComponent(id) + '/history?' + query);
}

/** The pulls of every arm over the whole history. */
export function totalPulls(history) {
  return history.points.reduce((sum, p) => sum + p.arms.reduce((s, a) => s + a.pulls, 0), 0);
}
