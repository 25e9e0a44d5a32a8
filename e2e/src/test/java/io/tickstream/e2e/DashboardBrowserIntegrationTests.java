package io.tickstream.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in the distribution's headless Chromium against the running suite on the simulated
 * market: prices appear and change, the chart draws, and a WebSocket drop (the push service restarted)
 * is survived. Saves {@code e2e/target/screenshots/dashboard.png}.
 */
class DashboardBrowserIntegrationTests {

    private static Suite suite;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() {
        suite = Suite.get();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary("chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(binary("chromedriver", "/usr/bin/chromedriver"))).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void pricesAppearAndChangeTheChartDrawsAndAWebSocketDropIsSurvived() throws Exception {
        try {
            watchThePage();
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            screenshot("dashboard-failure.png");
            throw new AssertionError(e.getMessage() + "\npage state: " + ((JavascriptExecutor) browser).executeScript(
                    "return JSON.stringify({socket: state.socket && state.socket.readyState, offsets: [...state.offsets],"
                            + " symbols: state.symbols, errors: window.__errors || []});"), e);
        }
    }

    private void watchThePage() throws Exception {
        browser.get(suite.gatewayUrl() + "/");
        ((JavascriptExecutor) browser).executeScript(
                "window.__errors = []; window.addEventListener('error', e => window.__errors.push(String(e.message)));");
        await("the live connection").atMost(Duration.ofSeconds(20)).until(() -> "live".equals(connectionState()));
        await("prices in the table").atMost(Duration.ofSeconds(20)).until(() -> prices().size() >= 5);
        Map<String, String> first = prices();
        await("prices changing").atMost(Duration.ofSeconds(20)).until(() -> changed(first, prices()));
        await("the chart drawn").atMost(Duration.ofSeconds(20)).until(() -> chartPoints() >= 1);
        assertThat(browser.findElement(By.id("total-cap")).getText()).startsWith("$");

        suite.push.stop();
        await("the drop noticed").atMost(Duration.ofSeconds(20)).until(() -> !"live".equals(connectionState()));
        suite.push.start().awaitReady(Suite.readiness(suite.pushPort), Duration.ofSeconds(90));
        await("reconnected").atMost(Duration.ofSeconds(30)).until(() -> "live".equals(connectionState()));
        Map<String, String> afterDrop = prices();
        await("prices changing again").atMost(Duration.ofSeconds(20)).until(() -> changed(afterDrop, prices()));

        assertThat(Files.size(screenshot("dashboard.png"))).isGreaterThan(10_000);
    }

    private static Path screenshot(String name) throws java.io.IOException {
        Path shot = Path.of("target/screenshots", name).toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        return shot;
    }

    private static String connectionState() {
        return browser.findElement(By.id("connection")).getAttribute("data-state");
    }

    private static Map<String, String> prices() {
        List<WebElement> rows = browser.findElements(By.cssSelector("#quotes tbody tr"));
        return rows.stream().collect(Collectors.toMap(row -> row.getAttribute("data-symbol"),
                row -> row.findElement(By.cssSelector(".price")).getText(), (a, b) -> a))
                .entrySet().stream().filter(e -> !e.getValue().isBlank() && !e.getValue().equals("–"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static boolean changed(Map<String, String> before, Map<String, String> now) {
        return before.entrySet().stream().anyMatch(e -> now.containsKey(e.getKey()) && !now.get(e.getKey()).equals(e.getValue()));
    }

    private static long chartPoints() {
        Object points = ((JavascriptExecutor) browser).executeScript(
                "return state.chart ? state.chart.data.datasets[0].data.length : 0;");
        return points instanceof Number n ? n.longValue() : 0;
    }

    private static String binary(String name, String fallback) {
        String fromEnv = System.getenv("TICKSTREAM_" + name.toUpperCase() + "_BIN");
        String path = fromEnv != null && !fromEnv.isBlank() ? fromEnv : fallback;
        if (!new File(path).canExecute()) {
            throw new IllegalStateException(name + " not found at " + path + ": install Debian's chromium and chromium-driver"
                    + " (apt-get install -y chromium chromium-driver; .ci/run does) or set TICKSTREAM_" + name.toUpperCase() + "_BIN");
        }
        return path;
    }
}
