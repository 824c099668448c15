package dev.lever.ha;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.get;
import static dev.lever.testing.Api.given;
import static dev.lever.testing.Api.post;
import static dev.lever.testing.Api.reward;
import static dev.lever.testing.Api.select;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Every endpoint of the API on whatever Redis topology the test class runs on, with exact counts: a bandit, a sticky
 * bandit and a user split with two metrics, covariates and an analysis; listed, patched, an arm added and one
 * retired, rewards sent twice, and deleted.
 */
final class ApiTour {

    private ApiTour() {
    }

    /** Creates the three experiments of the tour under this prefix; the list must show them. */
    static List<String> experiments(String prefix) {
        String bandit = prefix + "-bandit";
        String sticky = prefix + "-sticky";
        String split = prefix + "-split";
        create(bandit, "{\"arms\":[\"a\",\"b\",\"c\"],\"policy\":{\"type\":\"thompson\"}}");
        create(sticky, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"epsilon-greedy\"},\"sticky\":true}");
        create(split, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"fixed-split\"},\"split\":\"user\","
                + "\"metrics\":[{\"id\":\"click\",\"type\":\"binary\"},"
                + "{\"id\":\"revenue\",\"type\":\"continuous\",\"form\":\"per-unit\",\"guardrail\":true,"
                + "\"margin\":0.05}]}");
        return List.of(bandit, sticky, split);
    }

    /**
     * Runs {@code users} users through each experiment (each selected twice and rewarded once, every reward sent
     * twice) and checks every count, the analysis, the list, a patch, arm changes and deletion.
     */
    static void walk(List<String> ids, int users) {
        String bandit = ids.get(0);
        String sticky = ids.get(1);
        String split = ids.get(2);
        get("/experiments").statusCode(200).body("id", hasItems(bandit, sticky, split));
        post("/experiments/" + split + "/covariates", "{\"units\":[{\"unit\":\"user-0\",\"values\":"
                + "{\"revenue\":4}},{\"unit\":\"user-1\",\"values\":{\"revenue\":8}}]}").statusCode(200)
                .body("units", equalTo(2));
        for (String id : ids) {
            List<String> decisions = new ArrayList<>();
            for (int user = 0; user < users; user++) {
                String unit = "user-" + user;
                var first = select(id, unit).statusCode(200).extract();
                ValidatableResponse second = select(id, unit).statusCode(200);
                if (!id.equals(bandit)) {
                    second.body("arm", equalTo(first.path("arm")));
                }
                decisions.add(first.path("decisionId"));
            }
            for (int i = 0; i < decisions.size(); i++) {
                String body = id.equals(split)
                        ? "{\"decisionId\":\"" + decisions.get(i) + "\",\"metrics\":{\"click\":" + (i % 3 == 0 ? 1 : 0)
                                + ",\"revenue\":" + (i % 5) + "}}"
                        : "{\"decisionId\":\"" + decisions.get(i) + "\",\"reward\":" + (i % 2) + "}";
                post("/reward", body).statusCode(200).body("status", equalTo("accepted"));
                post("/reward", body).statusCode(200).body("status", equalTo("duplicate"));
            }
            get("/experiments/" + id).statusCode(200)
                    .body("stats.pulls.sum()", equalTo(2 * users))
                    .body("stats.rewards.sum()", equalTo(users));
        }
        get("/experiments/" + split + "/analysis").statusCode(200)
                .body("units.values().sum()", equalTo(users))
                .body("metrics.metric", equalTo(List.of("click", "revenue")))
                .body("verdict.decision", notNullValue());

        given().contentType("application/merge-patch+json").body("{\"rewardWindow\":\"2h\"}")
                .patch("/experiments/" + bandit).then().statusCode(200).body("version", equalTo(2));
        given().contentType(ContentType.JSON).body("{\"id\":\"d\"}").post("/experiments/" + bandit + "/arms")
                .then().statusCode(200).body("arms.id", hasItems("a", "b", "c", "d"));
        given().post("/experiments/" + bandit + "/arms/a/retire").then().statusCode(200);
        for (int i = 0; i < 20; i++) {
            select(bandit, null).statusCode(200).body("arm", not(equalTo("a")));
        }
        reward(select(bandit, null).statusCode(200).extract().path("decisionId"), 1).statusCode(200);

        for (String id : ids) {
            given().delete("/experiments/" + id).then().statusCode(204);
            get("/experiments/" + id).statusCode(404);
        }
        List<String> listed = get("/experiments").statusCode(200).extract().path("id");
        assertEquals(List.of(), listed.stream().filter(ids::contains).toList(), "deleted experiments are not listed");
    }

}
