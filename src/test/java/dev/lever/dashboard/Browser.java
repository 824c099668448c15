package dev.lever.dashboard;

import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through chromedriver, both from the system's packages (Debian's {@code chromium} and
 * {@code chromium-driver}; {@code .ci/run} installs them). A missing browser fails the test with the command that
 * installs it: the dashboard's tests never skip silently.
 *
 * <p>Screenshots go to {@code target/dashboard-screenshots}, and also to the folder named by the system property
 * {@code lever.screenshots} when it is set (the README's images are made with {@code -Dlever.screenshots=docs/images}).
 */
final class Browser {

    private static final Path CHROMIUM = Path.of(System.getProperty("lever.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("lever.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** One browser for every test class of the JVM, quit when the JVM exits. */
    private static Browser shared;

    private final ChromeDriver driver;
    private String base;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** The browser, started on first use, pointed at the service under test (RestAssured's port). */
    static synchronized Browser forServiceUnderTest() {
        if (shared == null) {
            shared = open();
            Runtime.getRuntime().addShutdownHook(new Thread(shared.driver::quit, "quit-chromium"));
        }
        shared.base = "http://localhost:" + RestAssured.port;
        return shared;
    }

    private static Browser open() {
        for (Path needed : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(needed)) {
                fail(needed + " is missing: the dashboard's browser tests need headless Chromium and chromedriver "
                        + "(Debian: apt-get install -y chromium chromium-driver; .ci/run installs them), or set "
                        + "-Dlever.chromium and -Dlever.chromedriver to their paths");
            }
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-dev-shm-usage", "--window-size=1280,1700",
                "--force-device-scale-factor=1");
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        return new Browser(driver);
    }

    void go(String path) {
        driver.get(base + path);
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** The element, once the page has rendered it. */
    WebElement await(String css) {
        return new WebDriverWait(driver, WAIT)
                .withMessage(() -> "no visible '" + css + "' on " + driver.getCurrentUrl() + "; the page reads: "
                        + driver.findElement(By.tagName("body")).getText())
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Waits until the element's text contains {@code text}, and returns the element. */
    WebElement awaitText(String css, String text) {
        new WebDriverWait(driver, WAIT)
                .withMessage(() -> "'" + css + "' never read '" + text + "'; the page reads: "
                        + driver.findElement(By.tagName("body")).getText())
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** The number of data points of each series of the ECharts chart in the element with this id. */
    @SuppressWarnings("unchecked")
    List<Long> seriesPoints(String chartId) {
        return (List<Long>) script("const chart = echarts.getInstanceByDom(document.getElementById(arguments[0]));"
                + "return chart ? chart.getOption().series.map(s => s.data.length) : null;", chartId);
    }

    /**
     * The share of the chart canvas's pixels that are not blank: drawn bars, lines and labels. ECharts draws on a
     * transparent canvas, so a pixel with alpha 0 was never painted.
     */
    double paintedShare(String chartId) {
        Object share = script("const canvas = document.querySelector('#' + arguments[0] + ' canvas');"
                + "if (!canvas) return 0;"
                + "const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;"
                + "let painted = 0; for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;"
                + "return painted / (pixels.length / 4);", chartId);
        return ((Number) share).doubleValue();
    }

    /** Saves a PNG of the whole page, the window fitted to its height, as {@code name}.png. */
    void screenshot(String name) {
        Dimension window = driver.manage().window().getSize();
        long height = ((Number) script("return document.documentElement.scrollHeight;")).longValue();
        driver.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(4000, height + 100)));
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        driver.manage().window().setSize(window);
        try {
            write(Path.of("target", "dashboard-screenshots"), name, png);
            String extra = System.getProperty("lever.screenshots");
            if (extra != null && !extra.isBlank()) {
                write(Path.of(extra), name, png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path folder, String name, byte[] png) throws IOException {
        Files.createDirectories(folder);
        Files.write(folder.resolve(name + ".png"), png);
    }

}
