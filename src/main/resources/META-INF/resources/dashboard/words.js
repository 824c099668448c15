// Numbers and sentences for people who do not read p-values. Every figure comes from the API's answers; nothing
// here recomputes a statistic except the per-bucket 95% band of the time charts (see wilson below).

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function count(n) {
  return integer.format(n);
}

/** A share in [0, 1] as a percentage, e.g. 0.0412 -> "4.1%". */
export function percent(share, digits = 1) {
  if (share === null || share === undefined || !Number.isFinite(share)) {
    return 'n/a';
  }
  return (share * 100).toFixed(digits) + '%';
}

/** A value of a metric: a rate for binary metrics, a number with four significant digits otherwise. */
export function metricValue(value, type) {
  if (type === 'binary') {
    return percent(value, 2);
  }
  return Number(value).toPrecision(4).replace(/\.?0+$/, '');
}

/** What an arm's mean is called, by reward kind. */
export function meanName(kind) {
  return kind === 'binary' ? 'reward rate' : 'mean reward';
}

/**
 * The 95% Wilson score interval of a proportion of successes in n trials (Wilson, "Probable inference, the law of
 * succession, and statistical inference", JASA 22, 1927): unlike the Wald interval it stays inside [0, 1] and
 * keeps its coverage for small n and for rates near 0 or 1. Null when n is 0.
 */
export function wilson(successes, n) {
  if (!(n > 0)) {
    return null;
  }
  const z = 1.959964;
  const p = Math.min(1, Math.max(0, successes / n));
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * The 95% band of a mean from n values with their sum and sum of squares: mean +- 1.96 s / sqrt(n) (Normal
 * approximation of the sample mean). Null below two values.
 */
export function normalBand(n, sum, sumOfSquares) {
  if (!(n >= 2)) {
    return null;
  }
  const mean = sum / n;
  const variance = Math.max(0, sumOfSquares - n * mean * mean) / (n - 1);
  const half = 1.959964 * Math.sqrt(variance / n);
  return [mean - half, mean + half];
}

/** The bandit's headline: which arm leads, how sure that is, and what learning cost in traffic. */
export function banditSummary(experiment) {
  const total = experiment.stats.reduce((sum, arm) => sum + arm.pulls, 0);
  if (total === 0) {
    return ['No traffic yet: once requests arrive, this page shows which arm is winning.'];
  }
  const leader = experiment.leader;
  if (!leader) {
    return [count(total) + ' requests so far. Each arm needs at least two rewards before Lever can say which is '
        + 'most likely the best.'];
  }
  return [
    leader.arm + ' is most likely the best arm: a ' + percent(leader.probabilityBest, 0) + ' chance that its true '
        + meanName(experiment.reward) + ' is the highest of the active arms.',
    percent(leader.shareToOtherArms, 0) + ' of all requests so far (' + count(leader.pullsToOtherArms) + ' of '
        + count(total) + ') were served by arms other than ' + leader.arm + ': the traffic spent learning which arm '
        + 'is best.',
  ];
}

function primaryMetric(analysis) {
  return analysis.metrics.find((m) => m.role === 'primary') || analysis.metrics[0];
}

function comparison(metric, challenger) {
  return metric.comparisons.find((c) => c.challenger === challenger);
}

/** "B converts 4.1% better than A (between 1.2% and 7.0%)", from one comparison of the analysis. */
export function liftSentence(metric, control, result) {
  const binary = metric.type === 'binary';
  const up = metric.direction === 'higher' ? 'better' : 'worse';
  const down = metric.direction === 'higher' ? 'worse' : 'better';
  const verb = binary ? 'converts' : 'scores';
  const name = binary ? '' : ' on ' + metric.metric;
  if (result.relativeLift !== null && result.relativeLift !== undefined) {
    const lift = result.relativeLift;
    const direction = lift >= 0 ? (binary ? up : 'higher') : (binary ? down : 'lower');
    let text = result.challenger + ' ' + verb + ' ' + percent(Math.abs(lift)) + ' ' + direction + ' than '
        + control + name;
    if (result.relativeInterval) {
      text += ' (between ' + percent(result.relativeInterval[0]) + ' and ' + percent(result.relativeInterval[1])
          + ')';
    }
    return text;
  }
  const points = binary ? (x) => (x * 100).toFixed(2) + ' points' : (x) => metricValue(x, metric.type);
  let text = result.challenger + ' differs from ' + control + name + ' by ' + (result.absoluteLift >= 0 ? '+' : '')
      + points(result.absoluteLift);
  if (result.absoluteInterval) {
    text += ' (between ' + points(result.absoluteInterval[0]) + ' and ' + points(result.absoluteInterval[1]) + ')';
  }
  return text;
}

/** The verdict of an A/B analysis as a headline and the sentences under it. */
export function verdictWords(analysis) {
  const verdict = analysis.verdict;
  const metric = primaryMetric(analysis);
  const control = analysis.control;
  const unitWord = analysis.unit === 'decision' ? 'requests' : analysis.unit + 's';
  const lifts = metric.comparisons.map((c) => liftSentence(metric, control, c));
  switch (verdict.decision) {
    case 'promote-challenger': {
      const winner = comparison(metric, verdict.challenger);
      return {
        tone: 'good',
        headline: (winner ? liftSentence(metric, control, winner) : verdict.challenger + ' wins') + '.',
        lines: ['Switch to ' + verdict.challenger + ': the difference is statistically reliable and every '
            + 'guardrail holds.'],
      };
    }
    case 'keep-running': {
      const needed = verdict.unitsStillNeeded;
      const early = metric.comparisons.some((c) => !c.pValueValid);
      return {
        tone: 'wait',
        headline: 'No decision yet: keep running' + (needed !== null && needed !== undefined
          ? ', about ' + count(needed) + ' more ' + unitWord + ' per arm needed.' : '.'),
        lines: lifts.map((l) => 'So far ' + l + (early ? ', an early estimate that may still change.' : '.')),
      };
    }
    case 'keep-control':
      return {
        tone: 'neutral',
        headline: 'Keep ' + control + ': no challenger is reliably better.',
        lines: lifts.map((l) => l + '.'),
      };
    case 'stop-guardrail-failure':
      return {
        tone: 'bad',
        headline: 'Stop: ' + verdict.challenger + ' makes a guardrail metric worse than allowed.',
        lines: ['See the guardrails below. ' + verdict.reason],
      };
    case 'check-assignment':
      return {
        tone: 'bad',
        headline: 'Do not trust these numbers: the traffic split between the arms is off.',
        lines: ['The arms received a different share of ' + unitWord + ' than planned (sample ratio mismatch), '
            + 'so assignment or logging is broken. Find the cause before reading any result.'],
      };
    default:
      return { tone: 'neutral', headline: verdict.reason, lines: [] };
  }
}

/** A short status for the experiments list. */
export function abStatus(analysis) {
  const verdict = analysis.verdict;
  switch (verdict.decision) {
    case 'promote-challenger':
      return 'Winner: ' + verdict.challenger;
    case 'keep-control':
      return 'Done: keep ' + analysis.control;
    case 'stop-guardrail-failure':
      return 'Stop: guardrail failed (' + verdict.challenger + ')';
    case 'check-assignment':
      return 'Check assignment: traffic split is off';
    default: {
      const progress = planProgress(analysis);
      return 'Running' + (progress === null ? '' : ': ' + percent(progress, 0) + ' of planned sample');
    }
  }
}

/** The smallest arm's units as a share of the planned units per arm, or null without a plan. */
export function planProgress(analysis) {
  if (!analysis.plannedUnitsPerArm) {
    return null;
  }
  const smallest = Math.min(...Object.values(analysis.units));
  return Math.min(1, smallest / analysis.plannedUnitsPerArm);
}

/** The sample-ratio check in words. */
export function srmWords(analysis) {
  const srm = analysis.sampleRatio;
  const shares = Object.entries(srm.plannedWeights).map(([arm, w]) => arm + ' ' + percent(w, 0)).join(', ');
  if (srm.mismatch) {
    return 'Traffic split is off: the ' + analysis.unit + 's per arm do not fit the plan (' + shares
        + '); p = ' + srm.pValue.toPrecision(2) + '.';
  }
  return 'Traffic split looks right: the ' + analysis.unit + 's per arm fit the plan (' + shares + ').';
}

/** One guardrail's state for one challenger, in words. */
export function guardrailWords(metric, result) {
  const margin = metric.marginType === 'relative' ? percent(metric.margin, 0) : String(metric.margin);
  const limit = ' (allowed: at most ' + margin + ' ' + (metric.direction === 'higher' ? 'lower' : 'higher') + ')';
  switch (result.guardrail) {
    case 'pass':
      return result.challenger + ' is not worse on ' + metric.metric + limit + ': passes.';
    case 'fail':
      return result.challenger + ' is worse on ' + metric.metric + ' than allowed' + limit + ': fails.';
    default:
      return result.challenger + ' on ' + metric.metric + limit + ': not shown safe yet.';
  }
}
