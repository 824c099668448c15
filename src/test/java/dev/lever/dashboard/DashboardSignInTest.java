package dev.lever.dashboard;

import static dev.lever.security.ApiKeyRolesTest.ADMIN;
import static dev.lever.security.ApiKeyRolesTest.CLIENT;
import static dev.lever.security.ApiKeyRolesTest.VIEWER;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.security.ApiKeyRolesTest.KeysRequired;
import dev.lever.testing.Api;
import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard with authentication on, as in production: its files load without a key, its data only with one;
 * the page asks for a key, keeps it for the tab, and takes one from {@code #key=...} without leaving it in the URL.
 * Runs in the same service as {@link ApiKeyRolesTest}: the same keys, one start.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
@TestProfile(KeysRequired.class)
@Timeout(120)
class DashboardSignInTest {

    private static Browser browser;
    private static String experiment;

    /** Once per class, in the first test: Quarkus sets RestAssured's port for each test, not before the class. */
    @BeforeEach
    void experimentAndBrowser() {
        if (browser != null) {
            return;
        }
        experiment = Api.freshId("signed-in");
        new DemoTraffic(() -> Api.given().header("Authorization", "Bearer " + ADMIN)).bandit(experiment, 20);
        browser = Browser.forServiceUnderTest();
    }

    @Test
    void thePageLoadsWithoutAKeyAndItsDataDoesNot() {
        Api.given().get("/dashboard/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"));
        Api.given().get("/dashboard/app.js").then().statusCode(200);
        Api.given().get("/webjars/echarts/5.3.1/dist/echarts.min.js").then().statusCode(200);
        Api.given().get("/experiments").then().statusCode(401);
    }

    @Test
    void theSignInFormAcceptsOnlyAKeyThatMayRead() {
        browser.go("/dashboard/");
        browser.script("sessionStorage.clear();");
        browser.go("/dashboard/");
        browser.await("#sign-in");
        assertFalse(browser.await("#sign-in").getText().isEmpty());

        signIn("not-a-key-of-this-service");
        browser.awaitText("#sign-in-error", "That key was not accepted.");
        signIn(CLIENT);
        browser.awaitText("#sign-in-error", "This key may not read experiments: use a viewer or admin key.");
        signIn(VIEWER);
        browser.await("#experiments tr[data-experiment='" + experiment + "']");
        assertTrue(browser.all("#sign-in").get(0).getAttribute("hidden") != null, "the form is hidden");

        browser.go("/dashboard/?experiment=" + experiment);
        browser.await("#chart-best canvas");
        assertEquals(List.of(3L), browser.seriesPoints("chart-best"));
        assertNoKeyInAnyUrl(VIEWER);
    }

    @Test
    void aKeyInTheFragmentIsKeptForTheTabAndRemovedFromTheUrl() {
        browser.go("/dashboard/");
        browser.script("sessionStorage.clear();");
        browser.go("/dashboard#key=" + VIEWER);
        browser.await("#experiments tr[data-experiment='" + experiment + "']");
        assertTrue(browser.currentUrl().endsWith("/dashboard/"), browser.currentUrl());
        assertFalse(browser.currentUrl().contains(VIEWER));

        browser.go("/dashboard/?experiment=" + experiment);
        browser.await("#summary");
        assertTrue(browser.currentUrl().endsWith("?experiment=" + experiment), browser.currentUrl());
        assertNoKeyInAnyUrl(VIEWER);

        browser.await("#sign-out").click();
        browser.await("#sign-in");
        assertEquals(null, browser.script("return sessionStorage.getItem('lever.apiKey');"));
    }

    private static void signIn(String key) {
        var input = browser.await("#key");
        input.clear();
        input.sendKeys(key);
        browser.await("#sign-in button[type=submit]").click();
    }

    /** No request the page made carried the key in its URL. */
    @SuppressWarnings("unchecked")
    private static void assertNoKeyInAnyUrl(String key) {
        List<String> urls = (List<String>) browser.script(
                "return performance.getEntriesByType('resource').map(e => e.name);");
        assertFalse(urls.isEmpty());
        assertTrue(urls.stream().noneMatch(url -> url.contains(key)), urls.toString());
    }
}
