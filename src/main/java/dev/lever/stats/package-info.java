/**
 * Statistics for fixed-split experiments and bandits. Pure functions of summaries, built on commons-math3; each
 * method states its preconditions, formula and reference.
 * <ul>
 *   <li>Data: {@link dev.lever.stats.Summary} (count, mean, centred second moment; Welford and Chan et al. merges)
 *       for decision-level data, {@link dev.lever.stats.UnitMoments} for unit-level data (a returning user is one
 *       unit).</li>
 *   <li>Estimates: {@link dev.lever.stats.Estimate} from {@link dev.lever.stats.UnitMetrics} (delta-method ratios,
 *       means per unit, decision-level rates and means) and {@link dev.lever.stats.Cuped} (variance reduction with
 *       a pre-experiment covariate); intervals for one arm in {@link dev.lever.stats.Estimates}.</li>
 *   <li>Tests: {@link dev.lever.stats.FixedHorizonTests} at a planned sample; the always-valid mSPRT of
 *       {@link dev.lever.stats.SequentialTest} with its running state {@link dev.lever.stats.RunningSequential};
 *       {@link dev.lever.stats.NonInferiority} for guardrails (absolute and relative margins);
 *       {@link dev.lever.stats.SampleRatio} for sample-ratio mismatch.</li>
 *   <li>Planning: {@link dev.lever.stats.SampleSize}, fixed-horizon and sequential.</li>
 * </ul>
 */
package dev.lever.stats;
