package io.tickstream.e2e.faults.archive;

import io.tickstream.common.stream.StreamKeys;
import io.tickstream.e2e.faults.PrivatePostgres;
import io.tickstream.e2e.faults.archive.ArchiveRig.Instance;
import io.tickstream.e2e.faults.archive.ArchiveRig.Ledger;
import io.tickstream.testkit.PrivateRedis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.tickstream.e2e.faults.archive.BackupKillFaultIntegrationTests.assertNothingLostNothingDoubled;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 2: an instance replaced under a new consumer name (a Deployment's new pod, not a StatefulSet's same
 * name). The old instance is SIGKILLed with entries pending (its next XACK held by an {@link AckHoldingProxy}, so
 * there surely are some); the replacement claims them once idle ({@code claim-min-idle}, 5 s here) and, once the
 * old consumer has nothing pending and has been idle for {@code forget-consumers-after} (10 s here), removes it
 * from the group on every stream. The query service's group the same way: every start joins as
 * {@code query-<random>}, and the consumers of replaced instances are removed
 * ({@code tickstream.query.streams.forget-consumers-after}) instead of accumulating. Long (about 3 minutes for
 * five service starts, the claim and the forget delays): only in {@code ./tickstream faults}.
 */
@Tag("long-fault")
class ConsumerReplacementFaultIntegrationTests {

    private static PrivateRedis redis;
    private static PrivatePostgres pg;

    @BeforeAll
    static void servers() {
        redis = PrivateRedis.ephemeral();
        pg = PrivatePostgres.start();
    }

    @AfterAll
    static void stopServers() {
        if (redis != null) {
            redis.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aReplacedBackupInstancesEntriesAreClaimedAndItsConsumerRemovedFromTheGroup() throws Exception {
        Map<String, String> settings = Map.of(
                "TICKSTREAM_BACKUP_ARCHIVE_CLAIMMINIDLE", "5s",
                "TICKSTREAM_BACKUP_ARCHIVE_CLAIMINTERVAL", "1s",
                "TICKSTREAM_BACKUP_ARCHIVE_FORGETCONSUMERSAFTER", "10s",
                "TICKSTREAM_BACKUP_ARCHIVE_BATCHSIZE", "100");
        try (ArchiveRig rig = new ArchiveRig(redis, pg);
             AckHoldingProxy proxy = new AckHoldingProxy(redis.host(), redis.port())) {
            Instance old = rig.startBackup("backup-old", proxy.port(), settings).awaitReady();
            QuoteLoad load = rig.startLoad();
            Awaitility.await("archiving under way").atMost(Duration.ofSeconds(90))
                    .until(() -> rig.rowIds().size() >= 400);
            proxy.holdNextAck().get(90, TimeUnit.SECONDS);
            old.process().kill();
            Set<String> left = rig.pendingKeys("backup-old");
            assertThat(left).as("entries the old instance left pending").isNotEmpty();

            rig.startBackup("backup-new", redis.port(), settings).awaitReady();
            long replaced = System.nanoTime();
            Awaitility.await("the old consumer removed from the backup group on every stream")
                    .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> rig.streams().stream().noneMatch(s -> rig.consumers(s, ArchiveRig.GROUP).containsKey("backup-old")));
            System.out.printf("[fault 2] %d entries left by backup-old claimed and the consumer removed %d ms after "
                    + "the replacement was ready%n", left.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - replaced));

            load.stop();
            Ledger ledger = rig.awaitDrained(Duration.ofSeconds(120));
            System.out.printf("[fault 2] backup: %s%n", ledger);
            assertNothingLostNothingDoubled(ledger);
            for (String stream : rig.streams()) {
                assertThat(rig.consumers(stream, ArchiveRig.GROUP).keySet()).as("backup consumers of " + stream)
                        .containsExactly("backup-new");
            }
        }
    }

    @Test
    void aReplacedQueryInstancesConsumerIsRemovedFromTheQueryGroup() {
        Map<String, String> settings = Map.of(
                "TICKSTREAM_QUERY_STREAMS_RECLAIMIDLE", "5s",
                "TICKSTREAM_QUERY_STREAMS_FORGETCONSUMERSAFTER", "10s");
        try (ArchiveRig rig = new ArchiveRig(redis, pg)) {
            // the backup service owns the schema the query service reads history from
            rig.startBackup("schema-owner", redis.port(), Map.of()).awaitReady();
            QuoteLoad load = rig.startLoad();
            List<String> streams = StreamKeys.dataStreams(rig.partitions, rig.marketData, rig.dashboard, rig.health);

            Instance first = rig.startQuery("first", settings).awaitReady();
            Awaitility.await("the first query instance joined the query group").atMost(Duration.ofSeconds(60))
                    .until(() -> streams.stream().allMatch(s -> rig.redis().exists(s) == 1
                            && !rig.consumers(s, "query").isEmpty()));
            Set<String> oldNames = new HashSet<>();
            streams.forEach(s -> oldNames.addAll(rig.consumers(s, "query").keySet()));
            first.process().kill();

            rig.startQuery("second", settings).awaitReady();
            long replaced = System.nanoTime();
            Awaitility.await("only the new query instance left in the query group").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> streams.stream().allMatch(s -> {
                        Set<String> names = rig.consumers(s, "query").keySet();
                        return names.size() == 1 && names.stream().noneMatch(oldNames::contains);
                    }));
            System.out.printf("[fault 2] query: old consumer(s) %s removed %d ms after the replacement was ready%n",
                    oldNames, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - replaced));
            load.stop();
            assertThat(oldNames).as("the first instance's consumer name").hasSize(1);
            for (String stream : streams) {
                assertThat(rig.consumers(stream, "query").keySet()).as("query consumers of " + stream)
                        .hasSize(1).doesNotContainAnyElementsOf(oldNames);
            }
        }
    }
}
