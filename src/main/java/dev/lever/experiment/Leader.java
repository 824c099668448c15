package dev.lever.experiment;

/**
 * The arm of a bandit most likely to be best now, and how much traffic went elsewhere.
 *
 * @param arm the active arm with the highest probability of being best
 * @param probabilityBest that probability
 * @param pullsToOtherArms the pulls of every other arm, retired ones included, since the experiment started
 * @param shareToOtherArms those pulls as a share of all pulls (0 before the first pull)
 * @param draws the Monte-Carlo draws behind the probabilities
 */
public record Leader(String arm, double probabilityBest, long pullsToOtherArms, double shareToOtherArms,
        int draws) {
}
