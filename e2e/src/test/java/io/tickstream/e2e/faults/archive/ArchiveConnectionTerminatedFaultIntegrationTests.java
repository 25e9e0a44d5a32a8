package io.tickstream.e2e.faults.archive;

import io.tickstream.e2e.faults.PrivatePostgres;
import io.tickstream.e2e.faults.archive.ArchiveRig.Instance;
import io.tickstream.e2e.faults.archive.ArchiveRig.Ledger;
import io.tickstream.testkit.PrivateRedis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.tickstream.e2e.faults.archive.BackupKillFaultIntegrationTests.assertNothingLostNothingDoubled;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 5: {@code pg_terminate_backend} of the archive's connection in the middle of a batch. To be sure the
 * batch is in the middle, the test holds {@code LOCK TABLE market_quotes IN EXCLUSIVE MODE}: the service's quote
 * insert then waits inside PostgreSQL ({@code pg_stat_activity}), and that backend is terminated. Expected: no
 * part of the batch is committed (the batch is one statement, in one transaction), nothing of it is acknowledged,
 * the service takes a fresh connection from its pool and sends the same batch again (seen as a new backend waiting
 * on the lock), and once the lock goes every key appended has exactly one row.
 */
class ArchiveConnectionTerminatedFaultIntegrationTests {

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
    void aTerminatedArchiveConnectionLeavesNoPartialBatchAndTheRetryArchivesEveryKeyOnce() throws Exception {
        try (ArchiveRig rig = new ArchiveRig(redis, pg); Connection lock = pg.connect(); Connection watch = pg.connect()) {
            Instance backup = rig.startBackup("archiver", redis.port(),
                    Map.of("TICKSTREAM_BACKUP_ARCHIVE_BATCHSIZE", "100")).awaitReady();
            QuoteLoad load = rig.startLoad();
            Awaitility.await("archiving under way").atMost(Duration.ofSeconds(90))
                    .until(() -> rig.rowIds().size() >= 400);

            rig.lockQuotes(lock);
            long victim = rig.awaitBlockedQuoteInsert(watch, -1, Duration.ofSeconds(60));
            Set<Long> waitingBefore = rig.blockedQuoteInserts(watch);
            Set<String> inFlight = rig.pendingKeys("archiver");
            try (Statement s = watch.createStatement()) {
                s.execute("SELECT pg_terminate_backend(" + victim + ")");
            }
            Awaitility.await("the batch sent again on a fresh connection").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> rig.blockedQuoteInserts(watch).stream().anyMatch(pid -> !waitingBefore.contains(pid)));
            long committed = rig.archivedOf(inFlight);
            System.out.printf("[fault 5] terminated backend %d mid-batch: %d entries in flight, %d of them committed, "
                    + "%d acknowledged meanwhile%n", victim, inFlight.size(), committed,
                    inFlight.size() - rig.pendingKeys("archiver").stream().filter(inFlight::contains).count());
            assertThat(committed).as("rows of the batches in flight (a partial batch)").isZero();
            assertThat(rig.pendingKeys("archiver")).as("in-flight entries stay pending (nothing acknowledged)")
                    .containsAll(inFlight);
            lock.rollback();

            int before = load.appended();
            Awaitility.await("load goes on after the lock").atMost(Duration.ofSeconds(60))
                    .until(() -> load.appended() >= before + 800);
            load.stop();
            long started = System.nanoTime();
            Ledger ledger = rig.awaitDrained(Duration.ofSeconds(120));
            System.out.printf("[fault 5] drained %d ms after the load stopped: %s%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), ledger);
            assertNothingLostNothingDoubled(ledger);
            assertThat(backup.process().isAlive()).isTrue();
        }
    }
}
