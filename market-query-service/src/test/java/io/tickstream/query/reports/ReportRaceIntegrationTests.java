package io.tickstream.query.reports;

import io.tickstream.query.QueryInstance;
import io.tickstream.query.QueryTestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one database racing to generate the same reports: exactly one report per period, made by
 * one of them; the others see it exist or find the lease taken. The schedule runs on both at once too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportRaceIntegrationTests {

    final QueryTestSettings settings = new QueryTestSettings();
    QueryInstance first;
    QueryInstance second;

    @BeforeAll
    void start() {
        settings.createSchema();
        ReportFixtures.archive(settings);
        Map<String, Object> properties = settings.properties();
        // the loop stays off: the test runs the schedules' work itself; the window reaches the fixture day
        properties.put("tickstream.query.reports.schedule", false);
        properties.put("tickstream.query.reports.catch-up-days", 60);
        first = new QueryInstance(properties);
        second = new QueryInstance(properties);
    }

    @AfterAll
    void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        settings.dropSchema();
    }

    @Test
    void twoInstancesRacingMakeExactlyOneReportPerPeriod() {
        ReportPeriod range = ReportPeriod.adhoc(ReportFixtures.at("00:00:00"), ReportFixtures.at("03:30:00"), Duration.ofDays(7));
        List<ReportGenerator> generators = List.of(first.bean(ReportGenerator.class), second.bean(ReportGenerator.class));
        // 8 concurrent attempts, 4 per instance, for the market and for BTC
        List<ReportGenerator.Result> results = Flux.range(0, 16)
                .flatMap(i -> generators.get(i % 2).generate(i < 8 ? ReportScope.MARKET : ReportScope.parse("btc"), range), 16)
                .collectList().block(Duration.ofSeconds(60));

        assertThat(results).hasSize(16);
        for (String key : List.of(range.key(ReportScope.MARKET), range.key(ReportScope.parse("btc")))) {
            List<ReportGenerator.Result> ofKey = results.stream().filter(r -> r.key().equals(key)).toList();
            assertThat(ofKey).filteredOn(r -> r.outcome() == ReportGenerator.Outcome.GENERATED).hasSize(1);
            // each loser either found the report (EXISTS) or the lease taken (BUSY): which, depends on timing
            assertThat(ofKey).extracting(ReportGenerator.Result::outcome)
                    .isSubsetOf(ReportGenerator.Outcome.GENERATED, ReportGenerator.Outcome.EXISTS, ReportGenerator.Outcome.BUSY);
            Long id = ofKey.stream().filter(r -> r.outcome() == ReportGenerator.Outcome.GENERATED).findFirst().orElseThrow().id();
            assertThat(ofKey).filteredOn(r -> r.outcome() == ReportGenerator.Outcome.EXISTS)
                    .allSatisfy(r -> assertThat(r.id()).isEqualTo(id));
            assertThat(settings.count("SELECT count(*) FROM market_reports WHERE report_key = '" + key + "'")).isEqualTo(1);
        }
        assertThat(settings.count("SELECT count(*) FROM market_report_leases")).as("leases released").isZero();
    }

    @Test
    void bothSchedulesRunningAtOnceMakeEachDueReportOnce() {
        Flux.merge(first.bean(ReportSchedule.class).runOnce(), second.bean(ReportSchedule.class).runOnce())
                .then().block(Duration.ofSeconds(120));
        // every day with quotes, the market and each symbol it lists: 10-31 (DOGE warm-up: 2), 11-01 (BTC and DOGE
        // warm-up: 3), 11-02 (5), 11-03 (BTC's next close: 2); the weeks of 10-26 (3) and 11-02 (5). Once each.
        assertThat(settings.count("SELECT count(*) FROM market_reports WHERE kind IN ('1d', '1w')")).isEqualTo(20);
        assertThat(settings.count("SELECT count(DISTINCT report_key) FROM market_reports WHERE kind IN ('1d', '1w')")).isEqualTo(20);
        assertThat(settings.count("SELECT count(*) FROM market_reports WHERE report_key IN ('report:market:1d:2026-11-02',"
                + " 'report:market:1w:2026-11-02', 'report:doge:1d:2026-11-02', 'report:sol:1w:2026-11-02',"
                + " 'report:btc:1d:2026-11-03', 'report:doge:1w:2026-10-26')")).isEqualTo(6);
        assertThat(settings.count("SELECT count(*) FROM market_report_leases")).as("leases released").isZero();
    }
}
