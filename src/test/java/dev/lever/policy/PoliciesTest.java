package dev.lever.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PoliciesTest {

    @Test
    void buildsEachTypeWithDefaults() {
        assertEquals(new EpsilonGreedy(0.1, false), Policies.of("epsilon-greedy", Map.of()));
        assertEquals(new Ucb1(2.0), Policies.of("ucb1", Map.of("c", 2)));
        assertEquals(new ThompsonSampling(2, 3, 500),
                Policies.of("thompson", Map.of("alpha", 2, "beta", 3.0, "propensityDraws", 500)));
    }

    @Test
    void parametersRoundTrip() {
        for (Policy policy : new Policy[] {new EpsilonGreedy(0.05, true), new Ucb1(0.5),
            new ThompsonSampling(1, 1, 1000)}) {
            assertEquals(policy, Policies.of(policy.type(), policy.parameters()));
        }
    }

    @Test
    void refusesUnknownTypesAndParametersNamingThem() {
        InvalidParameterException type = assertThrows(InvalidParameterException.class,
                () -> Policies.of("softmax", Map.of()));
        assertEquals("type", type.parameter());
        assertEquals("must be one of epsilon-greedy, ucb1, thompson, discounted-thompson, discounted-ucb, "
                + "fixed-split, linucb, linear-thompson, was 'softmax'", type.reason());

        InvalidParameterException unknown = assertThrows(InvalidParameterException.class,
                () -> Policies.of("ucb1", Map.of("epsilon", 0.1)));
        assertEquals("epsilon", unknown.parameter());
        assertEquals("is not a parameter of ucb1; allowed: c", unknown.reason());

        InvalidParameterException wrongType = assertThrows(InvalidParameterException.class,
                () -> Policies.of("epsilon-greedy", Map.of("epsilon", "high")));
        assertEquals("must be a number, was 'high'", wrongType.reason());

        InvalidParameterException fraction = assertThrows(InvalidParameterException.class,
                () -> Policies.of("thompson", Map.of("propensityDraws", 100.5)));
        assertEquals("propensityDraws", fraction.parameter());
    }
}
