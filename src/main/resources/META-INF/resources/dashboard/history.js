// The experiment's history: GET /experiments/{id}/history?from=&to=&bucket= (ISO-8601 instants and duration).

import { getJson } from './api.js';

/** The time ranges the experiment page offers, with the bucket each is read in. */
export const RANGES = {
  hour: { label: 'Last hour', millis: 3600e3, bucket: 'PT1M' },
  day: { label: 'Last 24 hours', millis: 24 * 3600e3, bucket: 'PT15M' },
  week: { label: 'Last 7 days', millis: 7 * 24 * 3600e3, bucket: 'PT1H' },
};

export function loadHistory(id, range) {
  const to = new Date();
  const from = new Date(to.getTime() - range.millis);
  const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), bucket: range.bucket });
  return getJson('/experiments/' + encodeURIComponent(id) + '/history?' + query);
}

/** The pulls of every arm over the whole history. */
export function totalPulls(history) {
  return history.points.reduce((sum, p) => sum + p.arms.reduce((s, a) => s + a.pulls, 0), 0);
}
