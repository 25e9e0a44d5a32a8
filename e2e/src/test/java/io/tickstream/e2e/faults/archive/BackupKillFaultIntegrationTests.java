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
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 1: the backup service SIGKILLed (kill -9 of its process) under load, at the two moments that
 * matter, each hit deterministically rather than by luck:
 * <ul>
 *   <li><b>after a commit, before its XACK</b>: the instance reaches Redis through an {@link AckHoldingProxy}
 *       that swallows its next {@code XACK}. The group consumer sends the XACK only once the archive's commit
 *       returned, so when the proxy reports the held XACK the batch is committed and unacknowledged; the test
 *       checks that (pending entries of the killed consumer that have rows) before it counts on it. A second
 *       instance, running all along, claims the dead consumer's entries and finishes;</li>
 *   <li><b>before a commit</b>: the test holds {@code LOCK TABLE market_quotes IN EXCLUSIVE MODE}, so the
 *       instance's quote insert waits inside PostgreSQL (seen in {@code pg_stat_activity}); the instance is
 *       killed then, its backend ends (the private server checks for dead clients every second), and the
 *       in-flight entries are checked to have no rows. The instance is restarted under its consumer name
 *       and finishes its own pending entries.</li>
 * </ul>
 * Either way: every idempotency key appended has exactly one archived row.
 */
class BackupKillFaultIntegrationTests {

    private static final Map<String, String> QUICK_CLAIMS = Map.of(
            "TICKSTREAM_BACKUP_ARCHIVE_CLAIMMINIDLE", "5s",
            "TICKSTREAM_BACKUP_ARCHIVE_CLAIMINTERVAL", "1s",
            "TICKSTREAM_BACKUP_ARCHIVE_BATCHSIZE", "100");

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
    void killedAfterItsCommitBeforeItsAckTheSurvivorFinishesAndEveryKeyHasOneRow() throws Exception {
        try (ArchiveRig rig = new ArchiveRig(redis, pg);
             AckHoldingProxy proxy = new AckHoldingProxy(redis.host(), redis.port())) {
            // started together (Flyway's lock lets one of them migrate the schema)
            Instance doomed = rig.startBackup("doomed", proxy.port(), QUICK_CLAIMS);
            Instance survivor = rig.startBackup("survivor", redis.port(), QUICK_CLAIMS);
            doomed.awaitReady();
            survivor.awaitReady();
            QuoteLoad load = rig.startLoad();
            Awaitility.await("archiving under way").atMost(Duration.ofSeconds(90))
                    .until(() -> rig.rowIds().size() >= 400);

            CompletableFuture<Void> held = proxy.holdNextAck();
            held.get(90, TimeUnit.SECONDS);
            doomed.process().kill();

            Set<String> unacknowledged = rig.pendingKeys("doomed");
            long committed = rig.archivedOf(unacknowledged);
            System.out.printf("[fault 1a] killed %s (pid %d) with its XACK held: %d entries pending for it, %d of them "
                    + "committed%n", doomed.name(), doomed.process().pid(), unacknowledged.size(), committed);
            assertThat(committed).as("entries of the killed consumer committed but never acknowledged (the window)")
                    .isPositive();

            int before = load.appended();
            Awaitility.await("load goes on while the survivor claims").atMost(Duration.ofSeconds(60))
                    .until(() -> load.appended() >= before + 800);
            load.stop();
            long started = System.nanoTime();
            Ledger ledger = rig.awaitDrained(Duration.ofSeconds(120));
            System.out.printf("[fault 1a] drained %d ms after the load stopped: %s%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), ledger);

            assertNothingLostNothingDoubled(ledger);
            assertThat(rig.pendingKeys("doomed")).as("the dead consumer's entries, claimed by the survivor").isEmpty();
            assertThat(survivor.process().isAlive()).isTrue();
        }
    }

    @Test
    void killedBeforeItsCommitTheRestartedInstanceFinishesAndEveryKeyHasOneRow() throws Exception {
        // pg_stat_activity is read on a connection of its own: within the lock's transaction it would be a snapshot
        try (ArchiveRig rig = new ArchiveRig(redis, pg); Connection lock = pg.connect(); Connection watch = pg.connect()) {
            Instance phoenix = rig.startBackup("phoenix", redis.port(), QUICK_CLAIMS).awaitReady();
            QuoteLoad load = rig.startLoad();
            Awaitility.await("archiving under way").atMost(Duration.ofSeconds(90))
                    .until(() -> rig.rowIds().size() >= 400);

            rig.lockQuotes(lock);
            long blocked = rig.awaitBlockedQuoteInsert(watch, -1, Duration.ofSeconds(60));
            phoenix.process().kill();
            Awaitility.await("the killed instance's backend ends").atMost(Duration.ofSeconds(30))
                    .until(() -> !ArchiveRig.backendAlive(watch, blocked));

            Set<String> inFlight = rig.pendingKeys("phoenix");
            long committed = rig.archivedOf(inFlight);
            System.out.printf("[fault 1b] killed %s (pid %d) while its insert waited (backend %d): %d entries pending, "
                    + "%d of them committed%n", phoenix.name(), phoenix.process().pid(), blocked, inFlight.size(), committed);
            assertThat(inFlight.size() - committed).as("entries of the killed batch without a row (not committed)")
                    .isPositive();
            lock.rollback();

            phoenix.process().start();
            phoenix.awaitReady();
            load.stop();
            long started = System.nanoTime();
            Ledger ledger = rig.awaitDrained(Duration.ofSeconds(120));
            System.out.printf("[fault 1b] drained %d ms after the load stopped: %s%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), ledger);

            assertNothingLostNothingDoubled(ledger);
        }
    }

    static void assertNothingLostNothingDoubled(Ledger ledger) {
        assertThat(ledger.keys()).as("keys produced").isPositive();
        assertThat(ledger.missing()).as("keys without a row (lost)").isEmpty();
        assertThat(ledger.unexpected()).as("rows of no key produced").isEmpty();
        assertThat(ledger.duplicateRows()).as("duplicate rows").isZero();
        assertThat(ledger.rows()).as("rows = distinct keys").isEqualTo(ledger.keys());
    }
}
