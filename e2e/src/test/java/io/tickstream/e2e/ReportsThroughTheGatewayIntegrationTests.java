package io.tickstream.e2e;

import io.tickstream.testkit.TestPostgres;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A market report of the live (simulated) market, generated on demand through the gateway's admin route
 * from what the backup service archived, then read as a user would: JSON, page and PDF through the
 * gateway, an unknown id as a 404, and the page in headless Chromium (tables and charts there). Saves
 * {@code e2e/target/screenshots/report.png}, the PDF and its first page as {@code report-pdf.png}.
 */
class ReportsThroughTheGatewayIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Suite suite;
    private static WebTestClient http;
    private static long id;

    @BeforeAll
    static void generate() {
        suite = Suite.get();
        http = WebTestClient.bindToServer().baseUrl(suite.gatewayUrl()).responseTimeout(Duration.ofSeconds(30)).build();
        Instant from = Instant.now().minusSeconds(3600);
        await("quotes of several symbols archived").atMost(Duration.ofSeconds(60)).until(() -> archivedSymbols() >= 3);
        String to = Instant.now().toString();
        JsonNode generated = JSON.readTree(http.post().uri("/admin/query/reports?kind=adhoc&from=" + from + "&to=" + to)
                .header("X-Admin-Key", Suite.ADMIN_KEY).exchange()
                .expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(generated.get("outcome").asString()).isEqualTo("generated");
        id = generated.get("id").asLong();
        http.post().uri("/admin/query/reports?kind=adhoc").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void theReportIsServedAsJsonPageAndPdfThroughTheGateway() throws Exception {
        JsonNode report = JSON.readTree(http.get().uri("/api/v1/reports/" + id).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(report.get("kind").asString()).isEqualTo("adhoc");
        assertThat(report.get("content").get("symbols").size()).isGreaterThanOrEqualTo(3);
        String btcClose = null;
        for (JsonNode symbol : report.get("content").get("symbols")) {
            assertThat(symbol.get("bars").size()).isPositive();
            if (symbol.get("symbol").asString().equals("BTC")) {
                btcClose = symbol.get("close").asString();
            }
        }
        assertThat(btcClose).isNotNull();
        http.get().uri("/api/v1/reports?kind=adhoc").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.reports[0].id").isEqualTo(id);

        String page = http.get().uri("/reports/" + id).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().exists("Content-Security-Policy")
                .expectHeader().exists("X-Cache")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("<section id=\"symbols\">", "<svg ", "id=\"price-BTC\"");
        http.get().uri("/reports/" + id).exchange().expectHeader().valueEquals("X-Cache", "HIT");

        byte[] pdf = http.get().uri("/reports/" + id + ".pdf").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_PDF)
                .expectBody(byte[].class).returnResult().getResponseBody();
        Path saved = Path.of("target/screenshots/report.pdf").toAbsolutePath();
        Files.createDirectories(saved.getParent());
        Files.write(saved, pdf);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isGreaterThanOrEqualTo(2);
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Market report", "Symbols", "BTC (", "Data quality");
            ImageIO.write(new PDFRenderer(document).renderImageWithDPI(0, 72), "png",
                    saved.resolveSibling("report-pdf.png").toFile());
        }
    }

    @Test
    void aFreshOfflineRunHasTheReportOfYesterdayFromTheBackfilledHistory() {
        // the suite's ingest service backfilled two days of the simulated market; yesterday has no raw quotes (the
        // suite started today), so its daily report is made from the rollups' candles, without anyone asking
        String yesterday = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString();
        JsonNode found = await("yesterday's daily report").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3))
                .until(() -> JSON.readTree(http.get().uri("/api/v1/reports?kind=1d&scope=market").exchange().expectStatus().isOk()
                        .expectBody(String.class).returnResult().getResponseBody()).path("reports"), reports -> {
                    for (JsonNode r : reports) {
                        if (r.path("key").asString().equals("report:market:1d:" + yesterday)) {
                            return true;
                        }
                    }
                    return false;
                });
        long id = 0;
        for (JsonNode r : found) {
            if (r.path("key").asString().equals("report:market:1d:" + yesterday)) {
                id = r.path("id").asLong();
            }
        }
        JsonNode report = JSON.readTree(http.get().uri("/api/v1/reports/" + id).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        System.out.printf("[reports] %s: %d symbols from the backfilled history%n", report.path("key").asString(),
                report.at("/content/symbols").size());
        assertThat(report.at("/content/symbols").size()).isGreaterThanOrEqualTo(5);
        assertThat(report.at("/content/symbols/0/source").asString()).isEqualTo("simulated");
    }

    @Test
    void anUnknownReportIsA404PageAndProblem() {
        http.get().uri("/reports/987654321").exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(html -> assertThat(html).contains("Report not found"));
        http.get().uri("/reports/987654321.pdf").exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/reports/987654321").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void theLatestReportOpensInABrowserWithItsTablesAndCharts() throws Exception {
        ChromeDriver browser = HeadlessChromium.start(1280, 1600);
        try {
            browser.get(suite.gatewayUrl() + "/");
            browser.findElement(By.id("latest-report")).click();
            await("the report index").atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/reports"));
            browser.findElement(By.id("latest-link")).click();
            await("the latest report").atMost(Duration.ofSeconds(20))
                    .until(() -> !browser.findElements(By.id("report-id")).isEmpty());
            assertThat(browser.findElement(By.id("report-id")).getText()).isEqualTo(Long.toString(id));
            assertThat(browser.findElements(By.cssSelector("#symbols tbody tr")).size()).isGreaterThanOrEqualTo(3);
            assertThat(browser.findElements(By.cssSelector("#market tbody tr"))).hasSize(4);
            assertThat(browser.findElements(By.cssSelector("#quality tbody tr"))).isNotEmpty();
            assertThat(browser.findElements(By.cssSelector("#charts svg polyline")).size()).isGreaterThanOrEqualTo(3);
            // the stylesheet applied (the CSP allows it from this origin): tables collapse their borders
            assertThat(browser.findElement(By.cssSelector("#symbols table")).getCssValue("border-collapse")).isEqualTo("collapse");
            assertThat(Files.size(HeadlessChromium.screenshot(browser, "report.png"))).isGreaterThan(10_000);
        } finally {
            browser.quit();
        }
    }

    /** Symbols with consensus quotes archived by the backup service in the last hour. */
    private static int archivedSymbols() throws Exception {
        TestPostgres.Settings pg = TestPostgres.settings();
        try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(DISTINCT symbol) FROM " + suite.schema + ".market_quotes"
                     + " WHERE source_time > now() - interval '1 hour'")) {
            rows.next();
            return rows.getInt(1);
        } catch (java.sql.SQLException e) {
            return 0;
        }
    }
}
