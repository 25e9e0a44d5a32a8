package io.tickstream.query.reports;

import io.tickstream.query.QueryInstance;
import io.tickstream.query.QueryTestSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fresh instance over an archive that already holds the last days (as a backfill leaves it): its schedule
 * generates the missing daily reports at start, without anyone asking, and primes the report cache with
 * the latest.
 */
class ReportCatchUpIntegrationTests {

    final QueryTestSettings settings = new QueryTestSettings();
    QueryInstance service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        settings.dropSchema();
    }

    @Test
    void theBackfilledDaysHaveTheirReportsWithinSecondsOfTheStart() {
        settings.createSchema();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int back : new int[] {1, 3}) {
            Instant day = today.minusDays(back).atStartOfDay(ZoneOffset.UTC).toInstant();
            for (int hour = 0; hour < 24; hour++) {
                ReportFixtures.quote(settings, "consensus", "BTC", Integer.toString(100 + hour + back),
                        day.plus(hour, ChronoUnit.HOURS), null, false);
            }
        }
        // two days back only the backfill's history: 1-minute candles of BTC from the simulated source, no raw quote
        Instant backfilled = today.minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        settings.sql("""
                INSERT INTO candles_1m (symbol, source, quote, open_time, open, high, low, close, base_volume, quote_volume,
                                        ticks, trades, origin)
                SELECT 'BTC', 'simulated', 'USD', t, 200 + m, 201 + m, 199 + m, 200.5 + m, 1, 200 + m, 10, 10, 'backfill'
                FROM generate_series(0, 1439) AS m, LATERAL (SELECT TIMESTAMPTZ '%s' + m * interval '1 minute' AS t) x
                """.formatted(backfilled));
        service = new QueryInstance(settings.properties());
        WebTestClient client = service.client();

        String yesterday = "report:market:1d:" + today.minusDays(1);
        String fromCandles = "report:market:1d:" + today.minusDays(2);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(settings.count(
                "SELECT count(*) FROM market_reports WHERE report_key IN ('" + yesterday + "', 'report:market:1d:"
                        + today.minusDays(3) + "', 'report:btc:1d:" + today.minusDays(1) + "', '" + fromCandles + "')")).isEqualTo(4));
        // days without quotes or candles have no report
        assertThat(settings.count("SELECT count(*) FROM market_reports WHERE report_key = 'report:market:1d:"
                + today.minusDays(4) + "'")).isZero();
        // the candles-only day: the day's open, high, low and close are the candles' (open 200 at 00:00, close
        // 200.5 + 1439 at 23:59, high 201 + 1439, low 199)
        long candleDay = settings.count("SELECT id FROM market_reports WHERE report_key = '" + fromCandles + "'");
        client.get().uri("/api/v1/reports/" + candleDay).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.content.symbols[0].symbol").isEqualTo("BTC")
                .jsonPath("$.content.symbols[0].open").isEqualTo("200")
                .jsonPath("$.content.symbols[0].close").isEqualTo("1639.5")
                .jsonPath("$.content.symbols[0].high").isEqualTo("1640")
                .jsonPath("$.content.symbols[0].low").isEqualTo("199")
                // the day's quote volume, summed from the candles (200 + m for each minute m)
                .jsonPath("$.content.symbols[0].volume24h").isEqualTo("1324080");
        long latest = settings.count("SELECT id FROM market_reports WHERE report_key = '" + yesterday + "'");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> client.get().uri("/admin/cache/stats").exchange()
                .expectBody().jsonPath("$.reports.primedReportId").isEqualTo(latest));
        client.get().uri("/reports/" + latest + ".pdf").exchange().expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT");
    }
}
