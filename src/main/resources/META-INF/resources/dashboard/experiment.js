// One experiment: its arms, the charts over time, and for a bandit the chance that each arm is best, for an A/B
// test the verdict, lift, sample-ratio check, guardrails and progress.

import { ApiError, getJson } from './api.js';
import {
  allocationOverTimeOption, chartIn, estimatesOption, probabilityBestOption, rateOverTimeOption,
} from './charts.js';
import { RANGES, loadHistory } from './history.js';
import { element, isAbTest, kindOf } from './page.js';
import {
  banditSummary, count, guardrailWords, meanName, metricValue, percent, planProgress, srmWords, verdictWords, wilson,
} from './words.js';

function chartBox(id, title, note) {
  return element('section', { class: 'chart-box' }, element('h2', {}, title),
    note ? element('p', { class: 'muted' }, note) : '',
    element('div', { id, class: 'chart' }));
}

function armTable(experiment) {
  const binary = experiment.reward === 'binary';
  const bandit = !isAbTest(experiment);
  const headers = ['Arm', 'Requests', 'Rewards', binary ? 'Reward rate (95% interval)' : 'Mean reward',
    'Traffic share now'];
  if (bandit) {
    headers.push('Chance of being best');
  }
  const body = element('tbody');
  for (const arm of experiment.stats) {
    let mean = metricValue(arm.mean, experiment.reward);
    const interval = binary ? wilson(arm.rewardSum, arm.pulls) : null;
    if (interval) {
      mean += ' (' + percent(interval[0]) + ' to ' + percent(interval[1]) + ')';
    }
    const cells = [arm.arm + (arm.retired ? ' (retired)' : ''), count(arm.pulls), count(arm.rewards), mean,
      percent(arm.allocation)];
    if (bandit) {
      cells.push(arm.probabilityBest === undefined ? 'n/a' : percent(arm.probabilityBest));
    }
    body.append(element('tr', { 'data-arm': arm.arm }, ...cells.map((c, i) =>
      element('td', i === 0 ? {} : { class: 'number' }, c))));
  }
  return element('table', { id: 'arms' },
    element('thead', {}, element('tr', {}, ...headers.map((h) => element('th', {}, h)))), body);
}

function banditPanel(experiment) {
  const summary = element('section', { id: 'summary', class: 'verdict neutral' },
    ...banditSummary(experiment).map((line, i) => element('p', i === 0 ? { class: 'headline' } : {}, line)));
  return [summary, chartBox('chart-best', 'Chance that each arm is best',
    'From the rewards so far: how likely each active arm\'s true ' + meanName(experiment.reward)
      + ' is the highest.')];
}

function abPanel(analysis) {
  const words = verdictWords(analysis);
  const verdict = element('section', { id: 'verdict', class: 'verdict ' + words.tone },
    element('p', { class: 'headline' }, words.headline),
    ...words.lines.map((line) => element('p', {}, line)),
    element('details', {}, element('summary', {}, 'The analysis\'s own words'),
      element('p', { class: 'muted' }, analysis.verdict.reason)));
  const parts = [verdict];

  const progress = planProgress(analysis);
  const smallest = Math.min(...Object.values(analysis.units));
  const unitWord = analysis.unit === 'decision' ? 'requests' : analysis.unit + 's';
  const progressBox = element('section', { id: 'progress' }, element('h2', {}, 'Progress'));
  if (progress === null) {
    progressBox.append(element('p', {}, count(smallest) + ' ' + unitWord + ' in the smallest arm. This test has no '
        + 'planned sample size.'));
  } else {
    progressBox.append(
      element('p', {}, count(smallest) + ' of ' + count(analysis.plannedUnitsPerArm) + ' planned ' + unitWord
          + ' per arm (' + percent(progress, 0) + ').'),
      element('progress', { max: '1', value: String(progress) }));
  }
  parts.push(progressBox);

  parts.push(element('section', { id: 'srm' }, element('h2', {}, 'Traffic split'),
    element('p', { class: analysis.sampleRatio.mismatch ? 'error' : '' }, srmWords(analysis))));

  const guardrails = analysis.metrics.filter((m) => m.role === 'guardrail');
  if (guardrails.length > 0) {
    const list = element('ul');
    for (const metric of guardrails) {
      for (const result of metric.comparisons) {
        list.append(element('li', { class: 'guardrail ' + (result.guardrail || 'pending') },
          guardrailWords(metric, result)));
      }
    }
    parts.push(element('section', { id: 'guardrails' }, element('h2', {}, 'Guardrails'), list));
  }
  const primary = analysis.metrics.find((m) => m.role === 'primary') || analysis.metrics[0];
  parts.push(chartBox('chart-estimates', primary.metric + ' per arm',
    'Each arm\'s ' + primary.metric + ' per ' + (analysis.unit === 'decision' ? 'request' : analysis.unit)
      + ' with its 95% interval.'));
  return { parts, primary };
}

/** "PT15M" -> "15-minute", "PT1H" -> "1-hour"; other durations as they are. */
function bucketWords(bucket) {
  const match = /^PT(\d+)([HMS])$/.exec(bucket);
  return match ? match[1] + '-' + { H: 'hour', M: 'minute', S: 'second' }[match[2]] : bucket;
}

export class ExperimentView {
  constructor(view, id) {
    this.view = view;
    this.id = id;
    this.range = RANGES.hour;
  }

  async render() {
    const experiment = await getJson('/experiments/' + encodeURIComponent(this.id));
    const analysis = isAbTest(experiment)
      ? await getJson('/experiments/' + encodeURIComponent(this.id) + '/analysis') : null;
    let history = null;
    let historyError = null;
    try {
      history = await loadHistory(this.id, this.range);
    } catch (e) {
      if (!(e instanceof ApiError)) {
        throw e;
      }
      historyError = e.message;
    }

    const ranges = element('select', { id: 'range', 'aria-label': 'time range' },
      ...Object.entries(RANGES).map(([key, r]) => {
        const option = element('option', { value: key }, r.label);
        option.selected = r === this.range;
        return option;
      }));
    ranges.addEventListener('change', () => {
      this.range = RANGES[ranges.value];
      this.render();
    });

    const header = element('div', { class: 'title' }, element('h1', {}, experiment.id),
      element('p', { class: 'muted' }, kindOf(experiment) + ', ' + experiment.reward + ' reward, '
          + experiment.arms.length + ' arms'));
    const parts = [header];
    let estimates = null;
    if (analysis) {
      const ab = abPanel(analysis);
      parts.push(...ab.parts);
      estimates = ab.primary;
    } else {
      parts.push(...banditPanel(experiment));
    }
    parts.push(element('h2', {}, 'Arms'), armTable(experiment));
    const over = element('section', { id: 'over-time' }, element('div', { class: 'range' },
      element('h2', {}, 'Over time'), ranges));
    if (history) {
      const binary = experiment.reward === 'binary';
      const bucket = bucketWords(history.bucket) + ' bucket';
      const squares = history.points.some((p) => p.arms.some((a) => a.rewardSumOfSquares !== undefined));
      over.append(
        chartBox('chart-rate', (binary ? 'Reward rate' : 'Mean reward') + ' per arm',
          binary ? 'Share of requests rewarded 1 in each ' + bucket + ', with its 95% band (Wilson).'
            : 'Mean reward in each ' + bucket + (squares ? ', with its 95% band.'
              : ' (no band: the history gives counts and sums only).')),
        chartBox('chart-allocation', 'Allocation per arm',
          'The chance the policy gave each arm, averaged over each ' + bucket + '\'s requests.'));
    } else {
      over.append(element('p', { id: 'history-error', class: 'muted' },
        'History is not available: ' + historyError));
    }
    parts.push(over);
    for (const old of this.view.querySelectorAll('.chart')) {
      echarts.getInstanceByDom(old)?.dispose();
    }
    this.view.replaceChildren(...parts);

    const arms = experiment.arms.map((a) => a.id);
    if (analysis) {
      chartIn(document.getElementById('chart-estimates')).setOption(estimatesOption(estimates), true);
    } else if (document.getElementById('chart-best')) {
      chartIn(document.getElementById('chart-best')).setOption(probabilityBestOption(experiment), true);
    }
    if (history) {
      chartIn(document.getElementById('chart-rate'))
        .setOption(rateOverTimeOption(history, arms, experiment.reward), true);
      chartIn(document.getElementById('chart-allocation')).setOption(allocationOverTimeOption(history, arms), true);
    }
  }
}
