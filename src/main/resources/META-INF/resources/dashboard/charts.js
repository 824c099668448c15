// ECharts options for the dashboard's charts. ECharts (a global from its webjar) draws; this module only says what.

import { normalBand, percent, wilson } from './words.js';

const PALETTE = ['#2f6fdf', '#e3742f', '#2a9d5b', '#b93a8f', '#7a5cd6', '#c9a227', '#1d9aa8', '#8c564b'];

/** The chart in this element, created on first use; it follows the element's size. */
export function chartIn(element) {
  let chart = echarts.getInstanceByDom(element);
  if (!chart) {
    chart = echarts.init(element, null, { renderer: 'canvas' });
    new ResizeObserver(() => chart.resize()).observe(element);
  }
  return chart;
}

function colour(index) {
  return PALETTE[index % PALETTE.length];
}

const asPercent = (value) => percent(value, 1);

/** Horizontal bars: each active arm's probability of being best. */
export function probabilityBestOption(experiment) {
  const arms = experiment.stats.filter((a) => a.probabilityBest !== undefined);
  return {
    animation: false,
    grid: { left: 120, right: 60, top: 10, bottom: 30 },
    xAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => percent(v, 0) } },
    yAxis: { type: 'category', data: arms.map((a) => a.arm), inverse: true },
    tooltip: { trigger: 'axis', valueFormatter: asPercent },
    series: [{
      name: 'chance of being best',
      type: 'bar',
      data: arms.map((a, i) => ({ value: a.probabilityBest, itemStyle: { color: colour(i) } })),
      label: { show: true, position: 'right', formatter: (p) => percent(p.value, 0) },
    }],
  };
}

/**
 * Each arm's estimate of one metric with its 95% interval, from the A/B analysis: the interval as a floating bar
 * (an invisible bar up to the lower bound, stacked under a bar as tall as the interval) and the estimate as a dot.
 */
export function estimatesOption(metric) {
  const arms = metric.arms;
  const format = metric.type === 'binary' ? (v) => percent(v, 2) : (v) => Number(v).toPrecision(4);
  return {
    animation: false,
    grid: { left: 120, right: 40, top: 30, bottom: 30 },
    legend: { data: ['95% interval', 'estimate'], top: 0 },
    yAxis: { type: 'category', data: arms.map((a) => a.arm), inverse: true },
    xAxis: metric.type === 'binary' ? { type: 'value', min: 0, axisLabel: { formatter: format } }
      : { type: 'value', scale: true, axisLabel: { formatter: format } },
    tooltip: { trigger: 'item', valueFormatter: format },
    series: [
      {
        name: 'lower', type: 'bar', stack: 'interval', silent: true, itemStyle: { color: 'transparent' },
        data: arms.map((a) => a.interval[0]), tooltip: { show: false },
      },
      {
        name: '95% interval', type: 'bar', stack: 'interval', barWidth: 14,
        itemStyle: { color: 'rgba(47, 111, 223, 0.30)' },
        data: arms.map((a) => a.interval[1] - a.interval[0]),
        tooltip: {
          formatter: (p) => p.name + ': ' + format(arms[p.dataIndex].interval[0]) + ' to '
              + format(arms[p.dataIndex].interval[1]),
        },
      },
      {
        name: 'estimate', type: 'scatter', symbolSize: 12, itemStyle: { color: '#1b3f86' },
        data: arms.map((a) => [a.value, a.arm]),
        label: { show: true, position: 'right', formatter: (p) => format(p.value[0]) },
      },
    ],
  };
}

/** The band of one history bucket of one arm: Wilson for binary rewards, Normal when the sums of squares are given. */
function band(point, kind) {
  if (kind === 'binary') {
    return wilson(point.rewardSum, point.pulls);
  }
  if (point.rewardSumOfSquares === undefined) {
    return null;
  }
  return normalBand(point.rewards, point.rewardSum, point.rewardSumOfSquares);
}

/** A time axis over the whole range asked for, so that a young experiment's few points sit where they belong. */
function timeAxis(history) {
  return { type: 'time', min: Date.parse(history.from), max: Date.parse(history.to) };
}

/** The arms in the order of the experiment's definition, then any that appear only in the history. */
function armOrder(arms, points) {
  const order = [...arms];
  for (const point of points) {
    for (const a of point.arms) {
      if (!order.includes(a.arm)) {
        order.push(a.arm);
      }
    }
  }
  return order;
}

/**
 * Each arm's mean reward per history bucket with its 95% band. The band is drawn the way ECharts draws confidence
 * bands: a transparent line at the lower bound and a filled area as high as the band stacked on it.
 */
export function rateOverTimeOption(history, arms, kind) {
  const order = armOrder(arms, history.points);
  const series = [];
  order.forEach((arm, i) => {
    const mean = [];
    const lower = [];
    const width = [];
    for (const point of history.points) {
      const t = Date.parse(point.start);
      const a = point.arms.find((x) => x.arm === arm);
      const observations = a ? (kind === 'binary' ? a.pulls : a.rewards) : 0;
      if (!a || observations === 0) {
        continue;
      }
      mean.push([t, a.mean]);
      const b = band(a, kind);
      if (b) {
        lower.push([t, b[0]]);
        width.push([t, b[1] - b[0]]);
      }
    }
    series.push({
      name: arm, type: 'line', data: mean, showSymbol: mean.length < 40, symbolSize: 5,
      lineStyle: { width: 2, color: colour(i) }, itemStyle: { color: colour(i) }, z: 3,
    });
    if (lower.length > 0) {
      const stack = 'band-' + i;
      series.push({
        name: arm + ' lower', type: 'line', data: lower, stack, symbol: 'none', silent: true,
        lineStyle: { opacity: 0 }, tooltip: { show: false },
      });
      series.push({
        name: arm + ' 95% band', type: 'line', data: width, stack, symbol: 'none', silent: true,
        lineStyle: { opacity: 0 }, areaStyle: { color: colour(i), opacity: 0.15 }, tooltip: { show: false },
      });
    }
  });
  const format = kind === 'binary' ? (v) => percent(v, 1) : (v) => Number(v).toPrecision(4);
  return {
    animation: false,
    grid: { left: 60, right: 20, top: 40, bottom: 40 },
    legend: { data: order, top: 0 },
    xAxis: timeAxis(history),
    yAxis: { type: 'value', scale: kind !== 'binary', axisLabel: { formatter: format } },
    tooltip: { trigger: 'axis', valueFormatter: format },
    series,
  };
}

/**
 * Each arm's allocation per bucket, stacked to 100%: the probability the policy gave the arm, averaged over the
 * bucket's requests (the history's allocation). Buckets without a request are left out.
 */
export function allocationOverTimeOption(history, arms) {
  const order = armOrder(arms, history.points);
  const series = order.map((arm, i) => ({
    name: arm, type: 'line', stack: 'allocation', symbol: 'none', areaStyle: { opacity: 0.8 },
    lineStyle: { width: 0.5, color: colour(i) }, itemStyle: { color: colour(i) },
    data: history.points.flatMap((point) => {
      if (!point.arms.some((a) => a.allocation !== null && a.allocation !== undefined)) {
        return [];
      }
      const a = point.arms.find((x) => x.arm === arm);
      return [[Date.parse(point.start), a && a.allocation ? a.allocation : 0]];
    }),
  }));
  return {
    animation: false,
    grid: { left: 60, right: 20, top: 40, bottom: 40 },
    legend: { data: order, top: 0 },
    xAxis: timeAxis(history),
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => percent(v, 0) } },
    tooltip: { trigger: 'axis', valueFormatter: asPercent },
    series,
  };
}
