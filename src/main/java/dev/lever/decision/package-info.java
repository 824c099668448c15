/**
 * The hot path: {@code POST /select} chooses an arm and signs a self-contained decision id; {@code POST /reward}
 * verifies it and credits the arm. Each costs at most one state-store round trip; nothing is stored per decision
 * unless it is rewarded.
 */
package dev.lever.decision;
