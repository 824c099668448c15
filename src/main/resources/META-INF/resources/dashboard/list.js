// The experiments list: policy, arms, status and traffic in the last hour of every experiment.

import { ApiError, getJson } from './api.js';
import { RANGES, loadHistory, totalPulls } from './history.js';
import { abStatus, count, percent } from './words.js';
import { element, isAbTest, kindOf } from './page.js';

async function statusOf(experiment) {
  const id = encodeURIComponent(experiment.id);
  if (isAbTest(experiment)) {
    return abStatus(await getJson('/experiments/' + id + '/analysis'));
  }
  const live = await getJson('/experiments/' + id);
  const pulls = live.stats.reduce((sum, a) => sum + a.pulls, 0);
  if (pulls === 0) {
    return 'No traffic yet';
  }
  return live.leader ? 'Learning: ' + live.leader.arm + ' leads (' + percent(live.leader.probabilityBest, 0)
      + ' likely best)' : 'Learning: too few rewards to name a leader';
}

async function lastHour(experiment) {
  return count(totalPulls(await loadHistory(experiment.id, RANGES.hour)));
}

/** The cell's text, or what went wrong for this one experiment (a missing key still stops the whole page). */
async function orProblem(cell) {
  try {
    return await cell;
  } catch (e) {
    if (e instanceof ApiError) {
      return 'n/a (' + e.message + ')';
    }
    throw e;
  }
}

export async function renderList(view) {
  const experiments = await getJson('/experiments');
  const rows = await Promise.all(experiments.map(async (e) => {
    const [status, traffic] = await Promise.all([orProblem(statusOf(e)), orProblem(lastHour(e))]);
    return { experiment: e, status, traffic };
  }));
  const table = element('table', { id: 'experiments' });
  table.append(element('thead', {}, element('tr', {}, ...['Experiment', 'Type', 'Arms', 'Status',
    'Requests, last hour'].map((h) => element('th', {}, h)))));
  const body = element('tbody');
  for (const { experiment, status, traffic } of rows) {
    const arms = element('td', { class: 'arms' });
    experiment.arms.forEach((arm, i) => {
      arms.append(element(arm.retired ? 's' : 'span', { title: arm.retired ? 'retired' : '' }, arm.id),
        i < experiment.arms.length - 1 ? ', ' : '');
    });
    body.append(element('tr', { 'data-experiment': experiment.id },
      element('td', {}, element('a', { href: '?experiment=' + encodeURIComponent(experiment.id) }, experiment.id)),
      element('td', {}, kindOf(experiment)),
      arms,
      element('td', { class: 'status' }, status),
      element('td', { class: 'number' }, traffic)));
  }
  table.append(body);
  view.replaceChildren(element('h1', {}, 'Experiments'),
    experiments.length === 0
      ? element('p', {}, 'No experiments yet. Create one with PUT /experiments/{id} (see the README\'s tour).')
      : table);
}
