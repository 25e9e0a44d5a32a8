package io.tickstream.query.reports;

import io.tickstream.query.QueryInstance;
import io.tickstream.query.QueryTestSettings;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reports generated from a fixture archive ({@link ReportFixtures}) in the local PostgreSQL, through one
 * service instance: exact figures in the JSON, the pages, the PDF (parsed with PDFBox), the report cache,
 * 404s, and a second instance whose cache is primed with the latest report at start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsIntegrationTests {

    final QueryTestSettings settings = new QueryTestSettings();
    QueryInstance service;
    WebTestClient client;
    long dayId;

    @BeforeAll
    void start() {
        settings.createSchema();
        ReportFixtures.archive(settings);
        service = new QueryInstance(properties());
        client = service.client();
        dayId = client.post().uri("/admin/reports?kind=1d&date=" + ReportFixtures.DAY).exchange()
                .expectStatus().isCreated()
                .expectHeader().exists("Location")
                .expectBody(ReportAdminController.Generation.class).returnResult().getResponseBody().id();
    }

    Map<String, Object> properties() {
        Map<String, Object> p = settings.properties();
        p.put("tickstream.query.reports.schedule", false);
        return p;
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        settings.dropSchema();
    }

    @Test
    void theDailyReportHasTheExactFiguresOfTheArchive() {
        client.get().uri("/api/v1/reports/" + dayId).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.key").isEqualTo("report:market:1d:2026-11-02")
                .jsonPath("$.periodStart").isEqualTo("2026-11-02T00:00:00Z")
                .jsonPath("$.periodEnd").isEqualTo("2026-11-03T00:00:00Z")
                // market summary: first and last of the day, their change
                .jsonPath("$.content.market.totalMarketCapUsd.open").isEqualTo("2000000000000")
                .jsonPath("$.content.market.totalMarketCapUsd.change").isEqualTo("100000000000")
                .jsonPath("$.content.market.totalMarketCapUsd.changePct").isEqualTo("5")
                .jsonPath("$.content.market.totalVolumeUsd.changePct").isEqualTo("-10")
                .jsonPath("$.content.market.btcDominancePct.change").isEqualTo("0.5")
                .jsonPath("$.content.market.fearGreed.change").isEqualTo("15")
                .jsonPath("$.content.market.fearGreedLabel").isEqualTo("Greed")
                // movers
                .jsonPath("$.content.gainers[*].symbol").isEqualTo(List.of("BTC", "SOL"))
                .jsonPath("$.content.gainers[0].changePct").isEqualTo("21")
                .jsonPath("$.content.losers[*].symbol").isEqualTo(List.of("DOGE", "ETH"))
                .jsonPath("$.content.losers[0].changePct").isEqualTo("-27.27")
                // per symbol: the warm-up close and the next day's close do not count
                .jsonPath("$.content.symbols[*].symbol").isEqualTo(List.of("BTC", "DOGE", "ETH", "SOL"))
                .jsonPath("$.content.symbols[0].source").isEqualTo("consensus")
                .jsonPath("$.content.symbols[0].open").isEqualTo("100")
                .jsonPath("$.content.symbols[0].high").isEqualTo("121")
                .jsonPath("$.content.symbols[0].low").isEqualTo("99")
                .jsonPath("$.content.symbols[0].close").isEqualTo("121")
                .jsonPath("$.content.symbols[0].volume24h").isEqualTo("2000")
                .jsonPath("$.content.symbols[0].volatilityPct").isEqualTo("16.2668")
                .jsonPath("$.content.symbols[0].ticks").isEqualTo(4)
                .jsonPath("$.content.symbols[0].bars.length()").isEqualTo(4)
                .jsonPath("$.content.symbols[0].bars[1].volume24h").isEqualTo("1500")
                .jsonPath("$.content.symbols[1].volatilityPct").isEqualTo("4.9997")
                .jsonPath("$.content.symbols[2].volatilityPct").doesNotExist()
                // signals: DOGE's, at the right closes
                .jsonPath("$.content.signals[*].type").isEqualTo(List.of("RSI_OVERBOUGHT", "CROSSED_ABOVE_SMA20",
                        "CROSSED_ABOVE_EMA20", "MACD_BULLISH_CROSS", "CROSSED_BELOW_SMA20", "CROSSED_BELOW_EMA20",
                        "MACD_BEARISH_CROSS", "RSI_OVERSOLD"))
                .jsonPath("$.content.signals[7].time").isEqualTo("2026-11-02T02:00:00Z")
                .jsonPath("$.content.signals[7].value").isEqualTo("23.1824")
                // across sources: BTC only (ETH's one other quote is stale)
                .jsonPath("$.content.spreads.length()").isEqualTo(1)
                .jsonPath("$.content.spreads[0].maxSpreadPct").isEqualTo("1.3761")
                .jsonPath("$.content.spreads[0].at").isEqualTo("2026-11-02T01:00:00Z")
                .jsonPath("$.content.spreads[0].lowSource").isEqualTo("kraken")
                .jsonPath("$.content.spreads[0].highPrice").isEqualTo("110.5")
                .jsonPath("$.content.spreads[0].deviatingSource").isEqualTo("kraken")
                .jsonPath("$.content.spreads[0].deviationPct").isEqualTo("0.8678")
                // data quality
                .jsonPath("$.content.sources[*].source").isEqualTo(List.of("binance", "kraken"))
                .jsonPath("$.content.sources[0].uptimePct").isEqualTo("93.75")
                .jsonPath("$.content.sources[0].rateLimited[0].from").isEqualTo("2026-11-02T06:00:00Z")
                .jsonPath("$.content.sources[0].rateLimited[0].to").isEqualTo("2026-11-02T07:30:00Z")
                .jsonPath("$.content.sources[1].uptimePct").isEqualTo("50")
                .jsonPath("$.content.sources[1].quotes").isEqualTo(3)
                .jsonPath("$.content.sources[1].staleQuotes").isEqualTo(1);
    }

    @Test
    void aReportIsGeneratedOnceAndNeverChanged() {
        client.post().uri("/admin/reports?kind=1d&date=" + ReportFixtures.DAY).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.outcome").isEqualTo("exists").jsonPath("$.id").isEqualTo(dayId);
        assertThat(settings.count("SELECT count(*) FROM market_reports WHERE report_key = 'report:market:1d:2026-11-02'"))
                .isEqualTo(1);
        service.actuator().get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
                .value(metrics -> assertThat(metrics)
                        .containsPattern("tickstream_query_reports_generations_total\\{[^}]*outcome=\"generated\"[^}]*} [1-9]")
                        .containsPattern("tickstream_query_reports_generations_total\\{[^}]*outcome=\"exists\"[^}]*} [1-9]"));
        assertThat(settings.sqlError("UPDATE market_reports SET generated_by = 'someone' WHERE id = " + dayId))
                .contains("immutable");
    }

    @Test
    void aSymbolReportAndAnAdhocReportAndWhatCannotBeGenerated() {
        client.post().uri("/admin/reports?kind=1d&scope=xbt&date=" + ReportFixtures.DAY).exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.key").isEqualTo("report:btc:1d:2026-11-02");
        long adhoc = client.post().uri("/admin/reports?kind=adhoc&from=2026-11-02T01:00:00Z&to=2026-11-02T03:00:00Z").exchange()
                .expectStatus().isCreated()
                .expectBody(ReportAdminController.Generation.class).returnResult().getResponseBody().id();
        client.get().uri("/api/v1/reports/" + adhoc).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.content.symbols[0].open").isEqualTo("110")
                .jsonPath("$.content.symbols[0].close").isEqualTo("99");
        client.post().uri("/admin/reports?kind=1d&date=2026-10-01").exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.post().uri("/admin/reports?kind=1d&date=2999-01-01").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("has not ended"));
        client.post().uri("/admin/reports?kind=2d").exchange().expectStatus().isBadRequest();
        client.post().uri("/admin/reports?kind=1d&date=yesterday").exchange().expectStatus().isBadRequest();
    }

    @Test
    void theListIsNewestFirstAndPaginated() {
        client.get().uri("/api/v1/reports?size=1&scope=market&kind=1d").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.page").isEqualTo(1)
                .jsonPath("$.reports.length()").isEqualTo(1)
                .jsonPath("$.reports[0].id").isEqualTo(dayId)
                .jsonPath("$.reports[0].links.pdf").isEqualTo("/reports/" + dayId + ".pdf");
        client.get().uri("/api/v1/reports?size=0").exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri("/reports").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(html -> assertThat(html)
                        .contains("id=\"latest-link\"").contains("report:market:1d:2026-11-02")
                        .contains("/reports/" + dayId + ".pdf"));
    }

    @Test
    void thePageHasEveryTableAndChartWithEscapedTextAndComesFromTheCacheTheSecondTime() {
        String uri = "/reports/" + dayId;
        String first = client.get().uri(uri).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueEquals("X-Cache", "MISS")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(first).contains("<section id=\"market\">", "<table id=\"gainers\">", "<table id=\"losers\">",
                "<section id=\"signals\">", "<section id=\"spreads\">", "<section id=\"quality\">",
                "Fear &amp; greed", "+21 %", "16.2668 %", "93.75 %", "2026-11-02 06:00 UTC to 2026-11-02 07:30 UTC",
                "href=\"/reports/report.css\"");
        assertThat(count(first, "<svg ")).isEqualTo(8);
        assertThat(count(first, "<polyline ")).isEqualTo(4);
        assertThat(first).doesNotContain("style=");
        client.get().uri(uri).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Cache", "HIT")
                .expectBody(String.class).isEqualTo(first);
        client.get().uri("/reports/report.css").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/css");
    }

    @Test
    void thePdfHasTheReportsTextInEmbeddedFonts() throws IOException {
        byte[] pdf = client.get().uri("/reports/" + dayId + ".pdf").exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_PDF)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        // kept for a look (pdftoppm renders it to PNG for the docs)
        java.nio.file.Files.write(java.nio.file.Path.of("target", "report-fixture.pdf"), pdf);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Market report", "report:market:1d:2026-11-02", "Top gainers and losers",
                    "Fear & greed", "+21 %", "16.2668 %", "RSI_OVERSOLD", "1.3761 %", "93.75 %", "BTC (consensus)");
            assertThat(text).doesNotContain("All reports");
            List<PDFont> fonts = new ArrayList<>();
            for (PDPage page : document.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    fonts.add(page.getResources().getFont(name));
                }
            }
            // the charts, as vector graphics: one price line per symbol (4), one volume bar per hour with a volume (BTC: 3)
            int priceLines = 0;
            int volumeBars = 0;
            for (PDPage page : document.getPages()) {
                ChartStrokes strokes = ChartStrokes.of(page);
                priceLines += strokes.priceLines;
                volumeBars += strokes.volumeBars;
            }
            assertThat(priceLines).isEqualTo(4);
            assertThat(volumeBars).isEqualTo(3);
            assertThat(fonts).isNotEmpty().allSatisfy(font -> {
                assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                assertThat(font.getName()).contains("DejaVuSans");
            });
        }
        client.get().uri("/reports/" + dayId + ".pdf").exchange().expectHeader().valueEquals("X-Cache", "HIT");
    }

    @Test
    void theJsonEndpointsAreInTheOpenApiDescriptionAndThePagesAreNot() {
        client.get().uri("/api/docs/openapi").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/v1/reports'].get").exists()
                .jsonPath("$.paths['/api/v1/reports/{id}'].get").exists()
                .jsonPath("$.paths['/api/v1/reports/latest'].get").exists()
                .jsonPath("$.paths['/reports/{name}']").doesNotExist();
    }

    @Test
    void anUnknownReportIsA404PageOrProblem() {
        client.get().uri("/reports/987654321").exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(html -> assertThat(html).contains("Report not found", "There is no report 987654321."));
        client.get().uri("/reports/987654321.pdf").exchange().expectStatus().isNotFound();
        client.get().uri("/reports/<script>").exchange().expectStatus().isNotFound()
                .expectBody(String.class).value(html -> assertThat(html).doesNotContain("<script>"));
        client.get().uri("/api/v1/reports/987654321").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("no report 987654321");
        client.get().uri("/api/v1/reports/abc").exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aNewInstanceIsPrimedWithTheLatestReportAndTheCacheStatsSayIt() {
        long latest = client.get().uri("/api/v1/reports?size=1&scope=market").exchange().expectStatus().isOk()
                .expectBody(ReportApiController.ReportPage.class).returnResult().getResponseBody().reports().getFirst().id();
        try (QueryInstance second = new QueryInstance(properties())) {
            WebTestClient other = second.client();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> other.get().uri("/admin/cache/stats").exchange()
                    .expectBody().jsonPath("$.reports.primedReportId").isEqualTo(latest));
            other.get().uri("/reports/" + latest).exchange().expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT");
            other.get().uri("/reports/" + latest + ".pdf").exchange().expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT");
            other.get().uri("/api/v1/reports/" + latest).exchange().expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT");
            other.get().uri("/admin/cache/stats").exchange().expectBody()
                    .jsonPath("$.reports.hits").isEqualTo(3)
                    .jsonPath("$.reports.misses").isEqualTo(3)
                    .jsonPath("$.reports.size").isEqualTo(3)
                    .jsonPath("$.reports.maxEntries").isEqualTo(200);
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
