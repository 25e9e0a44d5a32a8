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
        service = new QueryInstance(settings.properties());
        WebTestClient client = service.client();

        String yesterday = "report:market:1d:" + today.minusDays(1);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(settings.count(
                "SELECT count(*) FROM market_reports WHERE report_key IN ('" + yesterday + "', 'report:market:1d:"
                        + today.minusDays(3) + "', 'report:btc:1d:" + today.minusDays(1) + "')")).isEqualTo(3));
        // days without quotes have no report
        assertThat(settings.count("SELECT count(*) FROM market_reports WHERE report_key = 'report:market:1d:"
                + today.minusDays(2) + "'")).isZero();
        long latest = settings.count("SELECT id FROM market_reports WHERE report_key = '" + yesterday + "'");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> client.get().uri("/admin/cache/stats").exchange()
                .expectBody().jsonPath("$.reports.primedReportId").isEqualTo(latest));
        client.get().uri("/reports/" + latest + ".pdf").exchange().expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT");
    }
}
