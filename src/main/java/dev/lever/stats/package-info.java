/**
 * Statistics for fixed-split experiments: estimates and confidence intervals, fixed-horizon and always-valid
 * sequential tests, sample sizes, sample-ratio mismatch and non-inferiority. Pure functions of counts and sums,
 * built on commons-math3; each method states its preconditions, formula and reference.
 */
package dev.lever.stats;
