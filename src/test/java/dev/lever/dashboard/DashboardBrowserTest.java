package dev.lever.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.testing.Api;
import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard in a real browser against the running service, with a bandit and an A/B test that got traffic
 * through the API: the list shows both, the charts draw, and the verdict reads right. Also takes the README's
 * screenshots.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
@Timeout(120)
class DashboardBrowserTest {

    private static Browser browser;
    private static String bandit;
    private static String abTest;

    /** Once per class, in the first test: Quarkus sets RestAssured's port for each test, not before the class. */
    @BeforeEach
    void trafficAndBrowser() {
        if (browser != null) {
            return;
        }
        bandit = Api.freshId("homepage-ranker");
        abTest = Api.freshId("checkout-model");
        DemoTraffic traffic = new DemoTraffic(Api::given);
        traffic.bandit(bandit, 400);
        traffic.abTest(abTest, 500);
        browser = Browser.forServiceUnderTest();
    }

    @Test
    void theListShowsBothExperimentsWithTheirStatus() {
        browser.go("/dashboard");
        String banditRow = "#experiments tr[data-experiment='" + bandit + "']";
        String abRow = "#experiments tr[data-experiment='" + abTest + "']";
        browser.await(banditRow);
        browser.await(abRow);

        assertTrue(browser.currentUrl().endsWith("/dashboard/"), browser.currentUrl());
        assertEquals("Bandit (thompson)", browser.await(banditRow + " td:nth-child(2)").getText());
        assertEquals("ranker-a, ranker-b, ranker-c", browser.await(banditRow + " td.arms").getText());
        assertTrue(browser.await(banditRow + " td.status").getText().startsWith("Learning: ranker-b leads ("),
                browser.await(banditRow + " td.status").getText());
        assertEquals("A/B test (fixed-horizon, by user)", browser.await(abRow + " td:nth-child(2)").getText());
        assertEquals("Winner: model-b", browser.await(abRow + " td.status").getText());
        browser.screenshot("dashboard-list");
    }

    @Test
    void aBanditPageDrawsEachArmsChanceOfBeingBest() {
        browser.go("/dashboard/?experiment=" + bandit);
        String headline = browser.await("#summary .headline").getText();
        assertTrue(headline.startsWith("ranker-b is most likely the best arm: a "), headline);
        assertTrue(browser.await("#summary").getText().contains("were served by arms other than ranker-b"));

        browser.await("#chart-best canvas");
        assertEquals(List.of(3L), browser.seriesPoints("chart-best"));
        assertTrue(browser.paintedShare("chart-best") > 0.02, "the bars and labels are drawn");
        assertEquals(3, browser.all("#arms tbody tr").size());
        assertOverTime();
        browser.screenshot("dashboard-bandit");
    }

    @Test
    void anABTestPageReadsTheVerdictInWords() {
        browser.go("/dashboard/?experiment=" + abTest);
        String headline = browser.await("#verdict .headline").getText();
        assertTrue(headline.matches("model-b converts \\d+\\.\\d% better than model-a \\(between -?\\d+\\.\\d% and "
                + "\\d+\\.\\d%\\)\\."), headline);
        assertTrue(browser.await("#verdict").getText().contains("Switch to model-b"));
        assertTrue(browser.await("#progress").getText().contains("planned users per arm (100%)"),
                browser.await("#progress").getText());
        assertTrue(browser.await("#srm p").getText().startsWith("Traffic split looks right"));
        assertEquals(List.of("model-b is not worse on latency_ms (allowed: at most 5% higher): passes."),
                browser.all("#guardrails li").stream().map(e -> e.getText()).toList());

        browser.await("#chart-estimates canvas");
        assertEquals(List.of(2L, 2L, 2L), browser.seriesPoints("chart-estimates"));
        assertTrue(browser.paintedShare("chart-estimates") > 0.01, "the intervals and estimates are drawn");
        assertOverTime();
        browser.screenshot("dashboard-ab-test");
    }

    /** The charts over time: each active arm's rate with its band, and the traffic shares, have points. */
    private static void assertOverTime() {
        browser.await("#chart-rate canvas");
        List<Long> rate = browser.seriesPoints("chart-rate");
        assertTrue(!rate.isEmpty() && rate.stream().allMatch(points -> points > 0), "rate series: " + rate);
        List<Long> allocation = browser.seriesPoints("chart-allocation");
        assertTrue(!allocation.isEmpty() && allocation.stream().allMatch(points -> points > 0),
                "allocation series: " + allocation);
        assertTrue(browser.paintedShare("chart-rate") > 0.01, "the rate lines and bands are drawn");
    }
}
