package dev.lever.store;

import java.util.List;

/**
 * What the store did with a {@link RewardRecord}.
 *
 * @param current false when the experiment was deleted or recreated since the decision: nothing was applied
 * @param applied for each credit, whether it was applied (false: the decision had already been credited with it)
 */
public record RewardOutcome(boolean current, List<Boolean> applied) {

    public static final RewardOutcome STALE = new RewardOutcome(false, List.of());
}
