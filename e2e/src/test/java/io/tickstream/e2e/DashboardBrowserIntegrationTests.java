package io.tickstream.e2e;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.Quote;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.testkit.TestRedis;
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
import org.openqa.selenium.Dimension;

import java.io.File;
import java.math.BigDecimal;
import java.math.MathContext;
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
 * The dashboard (built on the client SDK) in the distribution's headless Chromium against the running
 * suite on the simulated market: prices appear and change, candles with volume bars, the spread and each
 * source's price once a second source quotes, the health panel, a resume after the push service
 * restarts, a phone-width layout, and the same page over SSE through the gateway. Saves
 * {@code e2e/target/screenshots/dashboard.png} and {@code dashboard-phone.png}.
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
    void candlesWithVolumeTheSpreadTheHealthPanelAndAResumeAfterThePushServiceRestarts() throws Exception {
        try {
            watchThePage();
        } catch (org.awaitility.core.ConditionTimeoutException | AssertionError e) {
            screenshot("dashboard-failure.png");
            throw new AssertionError(e.getMessage() + "\npage state: " + pageState(), e);
        }
    }

    @Test
    void theSamePageRunsOverServerSentEventsThroughTheGateway() throws Exception {
        try {
            browser.get(suite.gatewayUrl() + "/?transport=sse");
            await("the live SSE connection").atMost(Duration.ofSeconds(20)).until(() -> "live".equals(connectionState()));
            assertThat(browser.findElement(By.id("connection")).getText()).contains("sse");
            await("prices in the table").atMost(Duration.ofSeconds(20)).until(() -> prices().size() >= 5);
            Map<String, String> first = prices();
            await("prices changing over SSE").atMost(Duration.ofSeconds(20)).until(() -> changed(first, prices()));
        } catch (org.awaitility.core.ConditionTimeoutException | AssertionError e) {
            screenshot("dashboard-sse-failure.png");
            throw new AssertionError(e.getMessage() + "\npage state: " + pageState(), e);
        }
    }

    private void watchThePage() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(suite.gatewayUrl() + "/");
        ((JavascriptExecutor) browser).executeScript(
                "window.__errors = []; window.addEventListener('error', e => window.__errors.push(String(e.message)));");
        await("the live connection").atMost(Duration.ofSeconds(20)).until(() -> "live".equals(connectionState()));
        await("prices in the table").atMost(Duration.ofSeconds(20)).until(() -> prices().size() >= 5);
        Map<String, String> first = prices();
        await("prices changing").atMost(Duration.ofSeconds(20)).until(() -> changed(first, prices()));
        assertThat(browser.findElement(By.id("total-cap")).getText()).startsWith("$");

        // candles with volume bars, drawn by lightweight-charts (a canvas in the chart box)
        await("candles with volume").atMost(Duration.ofSeconds(20)).until(() -> number(
                "return dashboard.bars.filter(b => b.volume > 0 && b.high >= b.low).length;") >= 1);
        assertThat(browser.findElements(By.cssSelector("#chart canvas"))).isNotEmpty();

        // a fresh offline run has history at once: the backfilled synthetic month (two days here) fills the chart,
        // and the indicators over it are there, not null, within a minute of the ingest service's start (measured from
        // the start by the suite's HistoryWatch, whenever this test runs), and on this page
        long untilHistory = suite.history.millisUntilReady();
        System.out.println("[dashboard] BTC's history and non-null indicators first served " + (untilHistory < 0
                ? "never within the watch's 5 minutes" : String.format("%.1f s after the ingest service started", untilHistory / 1000.0)));
        assertThat(untilHistory).as("history and indicators served within a minute of the start (last seen: %s)",
                suite.history.lastSeen()).isBetween(0L, 60_000L);
        await("history in the chart and indicators").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    if (number("return dashboard.bars.length;") < 150) {
                        // the chart loads its history once per choice: choose 1m again to load what arrived since
                        browser.findElement(By.cssSelector("#intervals button[data-interval='1m']")).click();
                        return false;
                    }
                    return Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript(
                            "const v = dashboard.indicators?.values; return v != null && v.sma20 != null && v.ema50 != null && v.rsi14 != null;"));
                });
        long earliest = number("return dashboard.bars[0].time;");
        assertThat(earliest).as("the chart's first candle is history, not the minutes since start")
                .isLessThan(Math.min(suite.ingestStartedAt / 1000 - 3600, System.currentTimeMillis() / 1000 - 2 * 3600));
        System.out.printf("[dashboard] %d candles from %s and non-null indicators %d s after the ingest service started: %s%n",
                number("return dashboard.bars.length;"), java.time.Instant.ofEpochSecond(earliest),
                (System.currentTimeMillis() - suite.ingestStartedAt) / 1000, browser.findElement(By.id("indicators")).getText());
        // the chart's last candle follows the live candle channel (candles:<SYMBOL>:1m) rather than ticker prices
        await("the live candle channel").atMost(Duration.ofSeconds(20)).until(() ->
                number("return dashboard.events.candles || 0;") >= 2 && Boolean.TRUE.equals(
                        ((JavascriptExecutor) browser).executeScript("return dashboard.liveCandleSeen;")));
        browser.findElement(By.cssSelector("#intervals button[data-interval='5m']")).click();
        await("5m candles").atMost(Duration.ofSeconds(10)).until(() -> "5m".equals(script("return dashboard.interval;"))
                && number("return dashboard.bars.length;") >= 1);

        // a second source quoting BTC: the spread and each source's price appear
        String btc = script("return dashboard.tickers.get('BTC').consensus?.price ?? Object.values(dashboard.tickers.get('BTC').sources)[0].price;");
        appendBtcQuote("binance", new BigDecimal(btc).multiply(new BigDecimal("1.001"), MathContext.DECIMAL64));
        await("the BTC spread").atMost(Duration.ofSeconds(20)).until(() -> browser.findElement(
                By.cssSelector("#quotes tr[data-symbol='BTC'] .spread")).getText().endsWith("%"));
        await("binance in the sources panel").atMost(Duration.ofSeconds(10)).until(() ->
                !browser.findElements(By.cssSelector("#sources tr[data-source='binance']")).isEmpty());
        assertThat(browser.findElement(By.id("sources-spread")).getText()).contains("% across");

        // the health panel shows the simulated source's state
        await("the health panel").atMost(Duration.ofSeconds(20)).until(() ->
                !browser.findElements(By.cssSelector("#health li.state-up")).isEmpty());

        // the watchlist survives a reload (local storage)
        browser.findElement(By.cssSelector("#quotes tr[data-symbol='ETH'] .star")).click();
        assertThat(script("return localStorage.getItem('tickstream.watchlist');")).contains("ETH");

        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
        assertThat(Files.size(screenshot("dashboard.png"))).isGreaterThan(10_000);

        // the push service restarts: the SDK reconnects and resumes from its offsets (no reset)
        long resumedBefore = number("return dashboard.events.resumed;");
        suite.push.stop();
        await("the drop noticed").atMost(Duration.ofSeconds(20)).until(() -> !"live".equals(connectionState()));
        suite.push.start().awaitReady(Suite.readiness(suite.pushManagementPort), Duration.ofSeconds(90));
        await("reconnected").atMost(Duration.ofSeconds(30)).until(() -> "live".equals(connectionState()));
        Map<String, String> afterDrop = prices();
        await("prices changing again").atMost(Duration.ofSeconds(20)).until(() -> changed(afterDrop, prices()));
        assertThat(number("return dashboard.events.resumed;")).as("channels resumed by offset").isGreaterThan(resumedBefore);
        assertThat(number("return dashboard.events.resets;")).as("nothing had to be reset").isZero();

        // readable on a phone: nothing wider than the screen
        browser.navigate().refresh();
        browser.manage().window().setSize(new Dimension(390, 844));
        await("live on a phone").atMost(Duration.ofSeconds(20)).until(() -> "live".equals(connectionState()));
        assertThat(script("return localStorage.getItem('tickstream.watchlist');")).contains("ETH");
        assertThat(browser.findElement(By.cssSelector("#quotes tbody tr")).getAttribute("data-symbol"))
                .as("watched symbols first").isEqualTo("ETH");
        await("the page as wide as the phone").atMost(Duration.ofSeconds(5)).until(() ->
                number("return document.documentElement.scrollWidth - document.documentElement.clientWidth;") <= 0);
        screenshot("dashboard-phone.png");
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    /** Appends a BTC quote to BTC's partition of the suite's quote stream, as an exchange feed's adapter would. */
    private static void appendBtcQuote(String source, BigDecimal price) {
        String symbol = "BTC";
        long now = System.currentTimeMillis();
        Quote quote = new Quote(EventMeta.of(Quote.idempotencyKey(source, symbol, "USD", now), source, now, now,
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"), symbol, "USD", price, null, null, null,
                null, null, false, null);
        RedisClient client = RedisClient.create(TestRedis.endpoint().redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().xadd(suite.btcStream, StreamEntryCodec.encode(quote));
        } finally {
            client.shutdown();
        }
    }

    private static Object pageState() {
        return ((JavascriptExecutor) browser).executeScript(
                "return window.dashboard ? JSON.stringify({state: dashboard.client && dashboard.client.state, events: dashboard.events,"
                        + " symbols: dashboard.symbols, bars: dashboard.bars.length, errors: window.__errors || []}) : 'no dashboard';");
    }

    private static String script(String js) {
        Object value = ((JavascriptExecutor) browser).executeScript(js);
        return value == null ? null : value.toString();
    }

    private static long number(String js) {
        Object value = ((JavascriptExecutor) browser).executeScript(js);
        return value instanceof Number n ? n.longValue() : 0;
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
