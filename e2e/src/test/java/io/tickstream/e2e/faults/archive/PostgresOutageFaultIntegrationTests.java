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

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.tickstream.e2e.faults.archive.BackupKillFaultIntegrationTests.assertNothingLostNothingDoubled;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 4: the PostgreSQL server the backup service's own R2DBC pool talks to is stopped for 60 s under load
 * ({@code pg_ctl stop -m fast} of a private server, then started again on the same port). Expected, and checked
 * every 5 s while it is down: nothing is acknowledged (the group's acknowledged count, entries read minus
 * pending, stays put) while the backlog (pending plus lag) grows; connection acquisition fails at once (the port
 * refuses; acquisitions waiting in the pool, {@code r2dbc.pool.pending}, stay within the pool's size) and the
 * service says it is not ready. After: the backlog drains, every key has one row, and nothing leaked: the pool
 * lends nothing once idle ({@code r2dbc.pool.acquired} 0) and PostgreSQL sees exactly the connections the pool
 * holds, no more than its maximum (10).
 */
@Tag("long-fault")
class PostgresOutageFaultIntegrationTests {

    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final int POOL_MAX = 10;

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
    void sixtySecondsWithoutPostgresAcknowledgeNothingLeakNothingAndTheBacklogDrains() throws Exception {
        try (ArchiveRig rig = new ArchiveRig(redis, pg)) {
            Instance backup = rig.startBackup("archiver", redis.port(),
                    Map.of("TICKSTREAM_BACKUP_ARCHIVE_BATCHSIZE", "100")).awaitReady();
            QuoteLoad load = rig.startLoad();
            Awaitility.await("archiving under way").atMost(Duration.ofSeconds(90))
                    .until(() -> rig.rowIds().size() >= 400);

            pg.stopServer();
            long down = System.nanoTime();
            // the batches in hand when the server went fail; from the moment the service reports itself not ready,
            // nothing more may be acknowledged
            Awaitility.await("the service notices PostgreSQL is gone").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).until(() -> backup.readinessStatus() == 503);
            long acknowledged = rig.acknowledgedTotal();
            long backlogAtStart = backlog(rig);
            List<String> samples = new ArrayList<>();
            double maxWaiting = 0;
            double maxAcquired = 0;
            while (System.nanoTime() - down < OUTAGE.toNanos()) {
                Awaitility.await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
                long acked = rig.acknowledgedTotal();
                double waiting = backup.metric("r2dbc.pool.pending");
                double acquired = backup.metric("r2dbc.pool.acquired");
                maxWaiting = Math.max(maxWaiting, waiting);
                maxAcquired = Math.max(maxAcquired, acquired);
                samples.add("t+%ds acked=%d backlog=%d poolWaiting=%.0f poolAcquired=%.0f ready=%d".formatted(
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - down), acked, backlog(rig), waiting, acquired,
                        backup.readinessStatus()));
                assertThat(acked).as("acknowledged while PostgreSQL is down; samples " + samples).isEqualTo(acknowledged);
                assertThat(backup.process().isAlive()).isTrue();
            }
            long backlogAtEnd = backlog(rig);
            samples.forEach(s -> System.out.println("[fault 4] " + s));
            assertThat(backlogAtEnd).as("backlog at the end of the outage").isGreaterThan(backlogAtStart);
            assertThat(maxWaiting).as("acquisitions waiting in the pool (they fail at once instead)").isLessThanOrEqualTo(POOL_MAX);
            assertThat(maxAcquired).as("connections lent out while down").isLessThanOrEqualTo(POOL_MAX);

            pg.startServer();
            long up = System.nanoTime();
            load.stop();
            Ledger ledger = rig.awaitDrained(Duration.ofSeconds(240));
            System.out.printf("[fault 4] PostgreSQL down %d s; backlog %d at the end of the outage drained %d ms after "
                            + "it came back: %s%n", OUTAGE.toSeconds(), backlogAtEnd,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - up), ledger);
            assertNothingLostNothingDoubled(ledger);

            Awaitility.await("the pool lends nothing once idle").atMost(Duration.ofSeconds(60))
                    .until(() -> backup.metric("r2dbc.pool.acquired") == 0);
            Awaitility.await("PostgreSQL sees exactly the pool's connections").atMost(Duration.ofSeconds(60))
                    .until(() -> serverConnections() == (long) backup.metric("r2dbc.pool.allocated"));
            long connections = serverConnections();
            System.out.printf("[fault 4] after: pool allocated %.0f, acquired %.0f; server connections %d%n",
                    backup.metric("r2dbc.pool.allocated"), backup.metric("r2dbc.pool.acquired"), connections);
            assertThat(connections).as("connections PostgreSQL sees").isBetween(1L, (long) POOL_MAX);
        }
    }

    /** Pending plus not yet read, over every stream. */
    private static long backlog(ArchiveRig rig) {
        return rig.groupStates().values().stream().mapToLong(s -> s.pending() + Math.max(0, s.lag())).sum();
    }

    /** Client connections the server has, other than the one asking. */
    private static long serverConnections() throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                     + " AND pid <> pg_backend_pid()")) {
            r.next();
            return r.getLong(1);
        }
    }
}
