package dev.lever.simulation;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.get;
import static dev.lever.testing.Api.post;
import static dev.lever.testing.Api.reward;
import static dev.lever.testing.Api.select;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /experiments/{id}/scenario}: the export parses as a scenario and the simulator runs it. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class ScenarioExportApiTest {

    private static Scenario read(String yaml) throws IOException {
        Path file = Files.createTempFile("exported-", ".yaml");
        try {
            Files.writeString(file, yaml);
            return ScenarioReader.read(file);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void anExportedScenarioParsesAndRuns() throws IOException {
        String id = freshId("export");
        create(id, "{\"arms\": [\"a\", \"b\"], \"policy\": {\"type\": \"thompson\", \"propensityDraws\": 500}}");
        for (int i = 0; i < 60; i++) {
            String decision = select(id, null).statusCode(200).extract().path("decisionId");
            if (i % 4 == 0) {
                reward(decision, 1).statusCode(200);
            }
        }
        String yaml = get("/experiments/" + id + "/scenario?days=1&seed=5").statusCode(200)
                .contentType(containsString("application/yaml")).extract().asString();
        Scenario scenario = read(yaml);
        assertEquals(List.of("a", "b"), scenario.arms().stream().map(ArmModel::id).toList());
        assertTrue(scenario.arms().stream().allMatch(arm -> arm.bernoulli() && arm.mean() > 0 && arm.mean() < 1));
        assertEquals(5, scenario.seed());
        // 60 decisions in less than the hour a young experiment's traffic is spread over: 60 x 24 a day.
        assertEquals(60 * 24, scenario.horizon());
        assertEquals(List.of("thompson", "epsilon-greedy", "ucb1", "fixed-split").size(), scenario.policies().size());
        assertTrue(scenario.policies().get(0).label().contains("propensityDraws=500"),
                "the experiment's own policy, with its parameters: " + scenario.policies().get(0).label());
        assertEquals(scenario.arms(), read(get("/experiments/" + id + "/scenario?days=1&seed=5").statusCode(200)
                .extract().asString()).arms(), "the same seed draws the same arm means");

        Report report = new Simulator(1).run(new Scenario(scenario.name(), scenario.description(), 2_000, 2,
                scenario.seed(), scenario.arms(), scenario.delay(), scenario.batch(), scenario.decisionsPerSecond(),
                scenario.policies()),
                ProgressCounter.NONE);
        assertEquals(4, report.policies().size());
    }

    @Test
    void aDiscountedExperimentExportsItsTrafficAsDecisionsPerSecond() throws IOException {
        String id = freshId("export-drift");
        create(id, "{\"arms\": [\"a\", \"b\"], \"policy\": {\"type\": \"discounted-thompson\", \"halfLife\": \"2h\"}}");
        for (int i = 0; i < 48; i++) {
            post("/reward", "{\"experiment\": \"" + id + "\", \"arm\": \"" + (i % 2 == 0 ? "a" : "b")
                    + "\", \"reward\": " + (i % 3 == 0 ? 1 : 0) + "}").statusCode(200);
        }
        Scenario scenario = read(get("/experiments/" + id + "/scenario?days=1&seed=3").statusCode(200).extract()
                .asString());
        assertTrue(scenario.policies().get(0).label().contains("halfLife=2h"), scenario.policies().get(0).label());
        // 48 decisions spread over the hour a young experiment counts: 48 x 24 a day, written to 6 digits.
        assertEquals(48 * 24 / 86_400.0, scenario.decisionsPerSecond(), 48 * 24 / 86_400.0 * 1e-5);
    }

    @Test
    void aContextualExperimentExportsTheContextFreePoliciesOnly() throws IOException {
        String id = freshId("export-ctx");
        create(id, "{\"arms\": [\"a\", \"b\"], \"policy\": {\"type\": \"linucb\"}, \"features\": "
                + "{\"dimension\": 16}}");
        for (int i = 0; i < 20; i++) {
            String decision = dev.lever.testing.Api.post("/select", "{\"experiment\": \"" + id + "\", \"context\": "
                    + "{\"device\": \"mobile\"}}").statusCode(200).extract().path("decisionId");
            reward(decision, i % 2).statusCode(200);
        }
        Scenario scenario = read(get("/experiments/" + id + "/scenario?days=1&seed=5").statusCode(200).extract()
                .asString());
        assertEquals(List.of("epsilon-greedy", "ucb1", "thompson", "fixed-split"),
                scenario.policies().stream().map(p -> p.label().split("[( ]")[0]).toList());
    }

    @Test
    void aContinuousArmNeedsSpreadAndBadQueriesAreRefused() throws IOException {
        String id = freshId("revenue");
        create(id, "{\"arms\": [\"a\", \"b\"], \"policy\": {\"type\": \"ucb1\", \"c\": 5}, "
                + "\"reward\": \"continuous\"}");
        post("/reward", "{\"experiment\": \"" + id + "\", \"arm\": \"a\", \"reward\": 3}").statusCode(200);
        post("/reward", "{\"experiment\": \"" + id + "\", \"arm\": \"b\", \"reward\": 3}").statusCode(200);
        get("/experiments/" + id + "/scenario").statusCode(409).body("detail", containsString("arm 'a'"));
        for (double value : new double[] {1, 4, 2}) {
            post("/reward", "{\"experiment\": \"" + id + "\", \"arm\": \"b\", \"reward\": " + value + "}")
                    .statusCode(200);
            post("/reward", "{\"experiment\": \"" + id + "\", \"arm\": \"a\", \"reward\": " + (value + 1) + "}")
                    .statusCode(200);
        }
        Scenario scenario = read(get("/experiments/" + id + "/scenario?seed=1").statusCode(200).extract()
                .asString());
        assertTrue(scenario.arms().stream().noneMatch(ArmModel::bernoulli), "Gaussian arms with their sd");
        assertEquals(Math.sqrt(5 / 3.0), scenario.arms().get(1).sd(), 1e-5, "the sd of 3, 1, 4 and 2");

        get("/experiments/" + id + "/scenario?days=0").statusCode(400).body("field", equalTo("days"));
        get("/experiments/" + id + "/scenario?seed=x").statusCode(400).body("field", equalTo("seed"));
        String empty = freshId("empty");
        create(empty, "{\"arms\": [\"a\", \"b\"], \"policy\": {\"type\": \"thompson\"}}");
        get("/experiments/" + empty + "/scenario").statusCode(409).body("detail", containsString("no traffic"));
    }
}
