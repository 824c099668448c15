package dev.lever.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.error.LeverException;
import dev.lever.policy.DiscountedThompson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request rules against stored definitions, and the design a definition becomes. */
class ExperimentParserTest {

    private static ExperimentSpec abTest(MetricSpec guardrail) {
        return new ExperimentSpec(List.of(new ArmSpec("a", false), new ArmSpec("b", false)),
                Map.of("type", "fixed-split"), null, null, null, null,
                List.of(new MetricSpec("click", null, null, null, null, null, null), guardrail), null, null, null,
                null);
    }

    @Test
    void requestRulesDoNotApplyToStoredDefinitions() {
        ExperimentSpec wide = abTest(new MetricSpec("latency", "continuous", "lower", true, 20.0, null, null));
        LeverException refused = assertThrows(LeverException.class, () -> ExperimentParser.parse("x", wide));
        assertEquals("metrics[1].margin", refused.field());
        assertEquals(20.0, ExperimentParser.fromStored("x", wide).metrics().get(1).margin());
    }

    @Test
    void storedDataNoExperimentCanBeBuiltFromFails() {
        ExperimentSpec noPrimary = new ExperimentSpec(List.of(new ArmSpec("a", false), new ArmSpec("b", false)),
                Map.of("type", "thompson"), null, null, null, null,
                List.of(new MetricSpec("x", null, null, true, 0.1, null, null)), null, null, null, null);
        assertThrows(IllegalStateException.class, () -> ExperimentParser.fromStored("x", noPrimary));
    }

    @Test
    void theDesignFollowsThePolicy() {
        Experiment ab = ExperimentParser.parse("x", abTest(new MetricSpec("y", null, null, true, 0.1, null, null)));
        assertTrue(ab.isAbTest());
        assertEquals(Split.USER, ab.split());
        assertEquals("a", ab.control());
        double[] shares = ab.plannedShares().orElseThrow();
        assertEquals(List.of(0.5, 0.5), List.of(shares[0], shares[1]));
        Experiment bandit = ExperimentParser.parse("x", new ExperimentSpec(
                List.of(new ArmSpec("a", false), new ArmSpec("b", false)), Map.of("type", "ucb1"), null, null, true, null,
                null, null, null, null, null));
        assertFalse(bandit.isAbTest());
        assertTrue(bandit.sticky());
        assertEquals(Split.REQUEST, bandit.split());
        assertTrue(bandit.plannedShares().isEmpty());
    }

    @Test
    void formIsWrittenBackWithItsDefault() {
        Experiment ab = ExperimentParser.parse("x", abTest(new MetricSpec("y", null, null, true, 0.1, null,
                "per-unit")));
        assertEquals(MetricForm.RATIO, ab.primary().form());
        assertEquals(List.of("ratio", "per-unit"), ab.toSpec().metrics().stream().map(MetricSpec::form).toList());
        assertEquals(ab, ExperimentParser.fromStored("x", ab.toSpec()));
    }

    @Test
    void aDiscountedPolicyIsAcceptedAndItsBinaryPriorRefusedForContinuousRewards() {
        ExperimentSpec spec = new ExperimentSpec(List.of(new ArmSpec("a", false), new ArmSpec("b", false)),
                Map.of("type", "discounted-thompson", "halfLife", "6h"), null, null, null, null, null, null, null,
                null, null);
        assertEquals(new DiscountedThompson(Duration.ofHours(6), 1, 1, 1000),
                ExperimentParser.parse("x", spec).policy());

        ExperimentSpec continuous = new ExperimentSpec(List.of(new ArmSpec("a", false), new ArmSpec("b", false)),
                Map.of("type", "discounted-thompson", "halfLife", "6h", "alpha", 2), "continuous", null, null, null,
                null, null, null, null, null);
        LeverException refused = assertThrows(LeverException.class, () -> ExperimentParser.parse("x", continuous));
        assertEquals("policy.alpha", refused.field());
    }

    private static ExperimentSpec withFeatures(String type, FeaturesSpec features) {
        return new ExperimentSpec(List.of(new ArmSpec("a", false), new ArmSpec("b", false)), Map.of("type", type),
                null, null, null, null, null, null, null, null, null, null, null, features);
    }

    @Test
    void aContextualPolicyTakesItsFeatureDimensionAndKeepsItInTheStoredForm() {
        for (String type : List.of("linucb", "linear-thompson")) {
            Experiment experiment = ExperimentParser.parse("x", withFeatures(type, new FeaturesSpec(32)));
            assertEquals(32, experiment.features().dimension());
            assertEquals(new FeaturesSpec(32), experiment.toSpec().features());
            assertEquals(32, ExperimentParser.fromStored("x", experiment.toSpec()).features().dimension());
        }
    }

    @Test
    void featuresAreRequiredWithAContextualPolicyAndRefusedWithoutOne() {
        LeverException missing = assertThrows(LeverException.class,
                () -> ExperimentParser.parse("x", withFeatures("linucb", null)));
        assertEquals("features.dimension", missing.field());
        assertTrue(missing.getMessage().contains("is required for policy.type linucb"), missing.getMessage());
        for (int dimension : new int[] {1, 65}) {
            LeverException outside = assertThrows(LeverException.class,
                    () -> ExperimentParser.parse("x", withFeatures("linear-thompson", new FeaturesSpec(dimension))));
            assertEquals("features.dimension", outside.field());
            assertTrue(outside.getMessage().contains("must be in [2, 64], was " + dimension), outside.getMessage());
        }
        LeverException contextFree = assertThrows(LeverException.class,
                () -> ExperimentParser.parse("x", withFeatures("thompson", new FeaturesSpec(32))));
        assertEquals("features", contextFree.field());
        assertTrue(contextFree.getMessage().contains("policy.type thompson takes no context"),
                contextFree.getMessage());
        assertNull(ExperimentParser.parse("x", withFeatures("thompson", null)).features());
    }

    @Test
    void theDimensionOfARunningExperimentCannotChange() {
        Experiment running = ExperimentParser.parse("x", withFeatures("linucb", new FeaturesSpec(32)));
        Experiment wider = ExperimentParser.parse("x", withFeatures("linucb", new FeaturesSpec(48)));
        LeverException refused = assertThrows(LeverException.class, () -> wider.checkCanReplace(running));
        assertEquals("features.dimension", refused.field());
        running.checkCanReplace(ExperimentParser.parse("x", withFeatures("linear-thompson", new FeaturesSpec(32))));
    }

    @Test
    void aContextualCandidateIsReadWithItsParametersAndChecked() {
        Experiment experiment = ExperimentParser.parse("x", withFeatures("thompson", null));
        assertEquals(new dev.lever.policy.LinUcb(0.5, 1.0),
                ExperimentParser.policy(experiment, Map.of("type", "linucb", "alpha", 0.5)));
        LeverException refused = assertThrows(LeverException.class,
                () -> ExperimentParser.policy(experiment, Map.of("type", "linear-thompson", "v", 0)));
        assertEquals("policy.v", refused.field());
    }
}
