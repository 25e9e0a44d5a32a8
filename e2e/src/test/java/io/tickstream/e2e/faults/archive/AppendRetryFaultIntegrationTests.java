package io.tickstream.e2e.faults.archive;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.tickstream.e2e.faults.archive.BackupKillFaultIntegrationTests.assertNothingLostNothingDoubled;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 7: appends that time out and are retried. The ingest service (simulated market: polled quotes and
 * streamed tickers and trades) reaches Redis through a {@link ReplyDelayProxy}; for a while every reply is held
 * back 3 s, above the service's 2 s command timeout. Its append scripts still run in Redis, but the service sees
 * them fail and the feed pipeline sends the same events again ({@code tickstream.ingest.feed.append.errors}). The
 * append script's last-seen board turns the repeats away ({@code tickstream.ingest.duplicates}). Expected: at most
 * one stream entry and exactly one archived row per source event (idempotency key), nothing lost. It starts the
 * ingest service as well (36-68 s seen on a shared 2-core machine): only in {@code ./tickstream faults}, to keep the
 * test command's share of fault scenarios within 3 minutes.
 */
@Tag("long-fault")
class AppendRetryFaultIntegrationTests {

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
    void appendsThatTimeOutAndAreRetriedLeaveOneEntryAndOneRowPerSourceEvent() throws Exception {
        try (ArchiveRig rig = new ArchiveRig(redis, pg); ReplyDelayProxy proxy = new ReplyDelayProxy(redis.host(), redis.port())) {
            Instance backup = rig.startBackup("archiver", redis.port(), Map.of());
            Instance ingest = rig.startIngest("feeds", proxy.port(), Map.of());
            backup.awaitReady();
            ingest.awaitReady();
            Awaitility.await("appending and archiving under way").atMost(Duration.ofSeconds(90))
                    .until(() -> rig.rowIds().size() >= 200);

            proxy.delayReplies(Duration.ofSeconds(3));
            Awaitility.await("appends timed out and retried").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> ingest.metric("tickstream.ingest.feed.append.errors") >= 3);
            proxy.delayReplies(Duration.ZERO);
            int rowsAfterDelay = rig.rowIds().size();
            Awaitility.await("appending again").atMost(Duration.ofSeconds(90))
                    .until(() -> rig.rowIds().size() >= rowsAfterDelay + 200);
            double appendErrors = ingest.metric("tickstream.ingest.feed.append.errors");
            double duplicates = ingest.metric("tickstream.ingest.duplicates");
            ingest.process().stop();

            long started = System.nanoTime();
            Ledger ledger = rig.awaitDrained(Duration.ofSeconds(120));
            System.out.printf("[fault 7] %.0f append calls failed and were retried, %.0f repeats turned away; drained "
                    + "%d ms after ingest stopped: %s%n", appendErrors, duplicates,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), ledger);
            assertThat(duplicates).as("repeats the append script turned away").isPositive();
            assertThat(ledger.duplicateEntries()).as("source events appended twice").isZero();
            assertNothingLostNothingDoubled(ledger);
        }
    }
}
