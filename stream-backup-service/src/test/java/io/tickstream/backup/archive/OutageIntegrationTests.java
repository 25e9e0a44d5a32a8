package io.tickstream.backup.archive;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.backup.BackupFixtures;
import io.tickstream.backup.BackupHarness;
import io.tickstream.testkit.TcpProxy;
import io.tickstream.testkit.TestPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Consumption survives a PostgreSQL outage and Redis losing its data, without a restart. */
class OutageIntegrationTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aPostgresOutageAcknowledgesNothingAndTheBacklogArrivesAfterIt() throws Exception {
        TestPostgres.Settings pg = TestPostgres.settings();
        try (TcpProxy proxy = new TcpProxy(pg.endpoint().host(), pg.endpoint().port());
             BackupHarness harness = new BackupHarness(proxy.port())) {
            String stream = harness.marketData();
            harness.startArchiver(BackupHarness.properties("a", 100, Duration.ofMinutes(10), 3), meters);
            harness.publish(IntStream.range(0, 300).mapToObj(BackupFixtures::quote).toList());
            await().atMost(Duration.ofSeconds(20)).until(() -> harness.rows("market_quotes") == 300);

            proxy.cut();
            harness.publish(IntStream.range(300, 1000).mapToObj(BackupFixtures::quote).toList());
            await().atMost(Duration.ofSeconds(20)).until(() -> errors("postgres", stream) >= 3);
            // while PostgreSQL is away: nothing new archived, nothing acknowledged (pending + unread = all new)
            assertThat(harness.rows("market_quotes")).isEqualTo(300);
            var group = harness.groupInfo(stream);
            assertThat((Long) group.get("pending") + (Long) group.get("lag")).isEqualTo(700);
            assertThat((Long) group.get("pending")).isPositive();

            proxy.restore();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(harness.distinctIds("market_quotes")).isEqualTo(1000);
                assertThat(harness.pending(stream)).isZero();
            });
            assertThat(harness.rows("market_quotes")).isEqualTo(1000);
            // no connection leaked by the failed attempts
            await().atMost(Duration.ofSeconds(5)).until(() -> harness.pool.getMetrics().orElseThrow().acquiredSize() == 0);
            assertThat(harness.pool.getMetrics().orElseThrow().allocatedSize()).isLessThanOrEqualTo(5);
        }
    }

    @Test
    void aRedisRestartDropsTheConnectionsAndConsumptionResumesWhenItIsBack() throws Exception {
        var redisServer = io.tickstream.testkit.TestRedis.endpoint();
        try (TcpProxy proxy = new TcpProxy(redisServer.host(), redisServer.port());
             BackupHarness harness = new BackupHarness(TestPostgres.settings().endpoint().port(), proxy.port())) {
            String stream = harness.marketData();
            harness.startArchiver(BackupHarness.properties("a", 100, Duration.ofMinutes(10), 3), meters);
            harness.publish(IntStream.range(0, 100).mapToObj(BackupFixtures::quote).toList());
            await().atMost(Duration.ofSeconds(20)).until(() -> harness.rows("market_quotes") == 100);

            proxy.cut(); // every connection of the service drops, and new ones are refused
            harness.publish(IntStream.range(100, 400).mapToObj(BackupFixtures::quote).toList());
            await().atMost(Duration.ofSeconds(20)).until(() -> errors("redis", stream) >= 2);
            assertThat(harness.rows("market_quotes")).isEqualTo(100);

            proxy.restore();
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                assertThat(harness.distinctIds("market_quotes")).isEqualTo(400);
                assertThat(harness.pending(stream)).isZero();
            });
            assertThat(harness.rows("market_quotes")).isEqualTo(400);
        }
    }

    @Test
    void redisLosingItsDataRecreatesTheGroupAndConsumptionResumes() {
        try (BackupHarness harness = new BackupHarness()) {
            harness.startArchiver(BackupHarness.properties("a", 100, Duration.ofMinutes(10), 3), meters);
            harness.publish(IntStream.range(0, 100).mapToObj(BackupFixtures::quote).toList());
            await().atMost(Duration.ofSeconds(20)).until(() -> harness.rows("market_quotes") == 100);

            // what a Redis restart without persistence looks like to this consumer: streams and groups gone
            harness.streams.all(harness.partitions).forEach(s -> harness.redisSync().del(s));
            harness.publish(IntStream.range(100, 250).mapToObj(BackupFixtures::quote).toList());

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(harness.distinctIds("market_quotes")).isEqualTo(250);
                assertThat(harness.groupInfo(harness.marketData())).containsEntry("name", "backup");
                assertThat(harness.pending(harness.marketData())).isZero();
            });
            assertThat(harness.rows("market_quotes")).isEqualTo(250);
            assertThat(errors("nogroup", harness.marketData())).isPositive();
        }
    }

    private double errors(String kind, String stream) {
        var counter = meters.find("tickstream.backup.errors").tag("kind", kind).tag("stream", stream).counter();
        return counter == null ? 0 : counter.count();
    }
}
