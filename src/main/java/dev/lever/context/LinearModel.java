package dev.lever.context;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a contextual policy's linear models are laid out over the arms.
 * <ul>
 *   <li>{@link #DISJOINT}: one ridge regression per arm on the context's features x (Li, Chu, Langford &amp; Schapire,
 *       WWW 2010, algorithm 1): each arm learns alone, and an arm's own constant attributes would add nothing;</li>
 *   <li>{@link #SHARED}: one ridge regression for the whole experiment on the joint features z(x, a) of the context
 *       and the arm ({@link JointFeatures}): the setting of Agrawal &amp; Goyal (ICML 2013), one weight vector and an
 *       arm-specific feature vector b_i(t), and of Vowpal Wabbit's action-dependent features
 *       ({@code --cb_explore_adf}), so what is learnt on one arm carries over to every arm with the same
 *       attributes, a new arm's included.</li>
 * </ul>
 */
public enum LinearModel {
    DISJOINT("disjoint"),
    SHARED("shared");

    private final String wireName;

    LinearModel(String wireName) {
        this.wireName = wireName;
    }

    /** The name in an experiment definition's {@code features.model}. */
    public String wireName() {
        return wireName;
    }

    /** The model with this wire name, if there is one. */
    public static Optional<LinearModel> fromWireName(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
    }
}
