package dev.lever.simulation;

/** Counts decisions simulated so far, from any thread. */
interface ProgressCounter {

    ProgressCounter NONE = steps -> { };

    void add(long steps);
}
