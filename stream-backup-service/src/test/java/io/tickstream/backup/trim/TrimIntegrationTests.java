package io.tickstream.backup.trim;

import io.lettuce.core.XAddArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.backup.BackupFixtures;
import io.tickstream.backup.BackupHarness;
import io.tickstream.testkit.TcpProxy;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.testkit.TestPostgres;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TrimIntegrationTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aBacklogIsNeverTrimmedBeforeItIsArchivedAndIsTrimmedBehindTheCommitAfterwards() throws Exception {
        TestPostgres.Settings pg = TestPostgres.settings();
        try (TcpProxy proxy = new TcpProxy(pg.endpoint().host(), pg.endpoint().port());
             BackupHarness harness = new BackupHarness(proxy.port())) {
            String stream = harness.marketData();
            UpkeepLoop upkeep = upkeep(harness, Duration.ZERO); // retention zero: trim everything archived
            harness.startArchiver(BackupHarness.properties("a", 500, Duration.ofMinutes(10), 3), meters);
            await().atMost(Duration.ofSeconds(10)).until(() -> !harness.groupInfo(stream).isEmpty());

            proxy.cut(); // archiving stalls: a backlog builds up
            int backlog = 5_000;
            harness.publish(IntStream.range(0, backlog).mapToObj(BackupFixtures::quote).toList());
            for (int round = 0; round < 3; round++) {
                upkeep.runOnce().block();
            }
            assertThat(harness.redisSync().xlen(stream)).as("nothing unarchived trimmed").isEqualTo(backlog);
            assertThat(meters.get("tickstream.backup.lag").tag("stream", stream).gauge().value()).isEqualTo(backlog);

            proxy.restore();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(harness.distinctIds("market_quotes")).isEqualTo(backlog);
                assertThat(harness.pending(stream)).isZero();
            });
            upkeep.runOnce().block();
            // approximate trimming keeps the radix-tree node holding the last committed entry (<= 100 entries)
            assertThat(harness.redisSync().xlen(stream)).isLessThanOrEqualTo(100);
            assertThat(meters.get("tickstream.backup.trimmed").tag("stream", stream).counter().count())
                    .isGreaterThanOrEqualTo(backlog - 100);
            assertThat(meters.get("tickstream.backup.lag").tag("stream", stream).gauge().value()).isZero();
            assertThat(meters.find("tickstream.backup.guard.overruns").tag("stream", stream).counter()).isNull();
        }
    }

    @Test
    void archivedEntriesYoungerThanTheRetentionStay() {
        try (BackupHarness harness = new BackupHarness()) {
            String stream = harness.marketData();
            harness.startArchiver(BackupHarness.properties("a", 500, Duration.ofMinutes(10), 3), meters);
            harness.publish(IntStream.range(0, 1_000).mapToObj(BackupFixtures::quote).toList());
            await().atMost(Duration.ofSeconds(20)).until(() -> harness.rows("market_quotes") == 1_000 && harness.pending(stream) == 0);

            upkeep(harness, Duration.ofHours(1)).runOnce().block();

            assertThat(harness.redisSync().xlen(stream)).isEqualTo(1_000);
        }
    }

    @Test
    void theIngestCapDroppingUnarchivedEntriesShowsAsAMetric() {
        try (BackupHarness harness = new BackupHarness()) {
            String stream = harness.marketData();
            harness.redisSync().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "backup",
                    XGroupCreateArgs.Builder.mkstream(true));
            // the archiver is not running; the ingest memory guard (MAXLEN) caps the stream at 1,000
            for (int i = 0; i < 3_000; i++) {
                harness.redisSync().xadd(stream, XAddArgs.Builder.maxlen(1_000),
                        StreamEntryCodec.encode(BackupFixtures.quote(i)));
            }
            UpkeepLoop upkeep = upkeep(harness, Duration.ZERO);
            upkeep.runOnce().block();
            upkeep.runOnce().block(); // counted once, not per round

            assertThat(meters.get("tickstream.backup.guard.overruns").tag("stream", stream).counter().count()).isEqualTo(1);
            assertThat(meters.get("tickstream.backup.guard.dropped").tag("stream", stream).counter().count()).isEqualTo(2_000);
            assertThat(harness.redisSync().xlen(stream)).as("the upkeep itself trims nothing unarchived").isEqualTo(1_000);
        }
    }

    @Test
    void pendingEntriesTrimmedBeforeTheyWereArchivedAreCountedAsLostAndTheRestFlows() {
        try (BackupHarness harness = new BackupHarness()) {
            String stream = harness.marketData();
            harness.publish(IntStream.range(0, 300).mapToObj(BackupFixtures::quote).toList());
            harness.redisSync().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "backup",
                    XGroupCreateArgs.Builder.mkstream(true));
            harness.redisSync().xreadgroup(io.lettuce.core.Consumer.from("backup", "a"), XReadArgs.Builder.count(300),
                    XReadArgs.StreamOffset.lastConsumed(stream));
            // the memory guard removes them while they are pending, before they were archived
            harness.redisSync().xtrim(stream, 0);
            harness.publish(IntStream.range(300, 310).mapToObj(BackupFixtures::quote).toList());

            harness.startArchiver(BackupHarness.properties("a", 100, Duration.ofMinutes(10), 3), meters);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(harness.rows("market_quotes")).isEqualTo(10);
                assertThat(harness.pending(stream)).isZero();
            });
            assertThat(meters.get("tickstream.backup.entries.lost").tag("stream", stream).counter().count()).isEqualTo(300);
        }
    }

    private UpkeepLoop upkeep(BackupHarness harness, Duration retain) {
        return new UpkeepLoop(harness.streams.all(harness.partitions), new TrimProperties(true, Duration.ofSeconds(10), retain),
                BackupHarness.properties("upkeep", 100, Duration.ofMinutes(10), 3), harness.redis, meters, Clock.systemUTC());
    }
}
