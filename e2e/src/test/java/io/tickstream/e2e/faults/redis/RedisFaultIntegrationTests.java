package io.tickstream.e2e.faults.redis;

import io.tickstream.testkit.PrivateRedis;
import io.tickstream.testkit.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault scenarios 3 and 6 of issue 21 on the whole suite as processes: the five services on a private Redis
 * (append-only file on, {@code appendfsync always}) reached through a {@link TcpProxy}, each test measuring
 * "nothing lost" the one way (every idempotency key seen appended is archived once; no duplicate row) and
 * checking that every service carries on without a restart (same PIDs, ready again).
 *
 * <ul>
 *   <li>3a: Redis restarted with its data (SIGTERM, AOF kept): same epoch, push clients keep their stream.</li>
 *   <li>3b: Redis restarted without its data: the backup and query groups are recreated, push clients get a
 *       {@code snapshot} {@code recovered:false} of the new epoch, nothing archived twice; what Redis lost before
 *       the archive had it is counted and printed.</li>
 *   <li>6: Redis blackholed for 30 s (the proxy holds every connection open and forwards nothing): every service's
 *       Redis health says DOWN within a bound, the gateway's limiter answers within its Redis timeout (250 ms)
 *       plus a little ({@code when-redis-down: deny} here, so its answer is the limiter's own 503), and all
 *       recover after.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisFaultIntegrationTests {

    /** The gateway's {@code tickstream.gateway.rate-limit.redis-timeout} (its default). */
    private static final Duration LIMITER_REDIS_TIMEOUT = Duration.ofMillis(250);
    /** "A little" on this loaded 2-core machine: scheduling, the HTTP round trip, the 503 problem body. */
    private static final Duration LIMITER_SLACK = Duration.ofMillis(750);
    /**
     * Bound on noticing a blackhole: the longest Redis command timeout of a service ({@code spring.data.redis.timeout},
     * 10 s in the backup service) plus a health poll and its round trip, with margin for this machine.
     */
    private static final Duration DETECTION_BOUND = Duration.ofSeconds(25);
    private static final Duration BLACKHOLE = Duration.ofSeconds(30);

    private PrivateRedis redis;
    private TcpProxy proxy;
    private FaultSuite suite;
    private KeyLedger ledger;
    private final Map<String, Long> pids = new HashMap<>();

    @BeforeAll
    void startSuite() throws Exception {
        try {
            redis = PrivateRedis.persistent();
            proxy = new TcpProxy("127.0.0.1", redis.port());
            suite = new FaultSuite("redis-faults", "127.0.0.1", proxy.port(), 1, null,
                    Map.of("gateway", Map.of("TICKSTREAM_GATEWAY_RATELIMIT_WHENREDISDOWN", "deny"))).start();
            suite.services().forEach(s -> pids.put(s.logName, s.pid()));
            ledger = new KeyLedger(redis.uri(), suite.streams(), suite.schema);
        } catch (Exception | Error e) {
            stopSuite();
            throw e;
        }
    }

    @AfterAll
    void stopSuite() throws Exception {
        try {
            if (ledger != null) {
                ledger.close();
            }
        } finally {
            try {
                if (suite != null) {
                    suite.close();
                }
            } finally {
                try {
                    if (proxy != null) {
                        proxy.close();
                    }
                } finally {
                    if (redis != null) {
                        redis.close();
                    }
                }
            }
        }
    }

    /** Every test starts on a healthy suite whose archive keeps up: a quote appended from now on is archived. */
    @BeforeEach
    void suiteFlows() {
        suite.services().forEach(s -> s.awaitReady(Duration.ofSeconds(60)));
        long now = System.currentTimeMillis();
        await("a quote appended now is archived").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> archivedQuoteAfter(now));
    }

    @Test
    void aRedisRestartedWithItsDataLosesNothingAndEveryServiceCarriesOn() {
        try (PushClient client = new PushClient(suite.gateway.url(), "ticker:BTC")) {
            await("the client's first BTC update").atMost(Duration.ofSeconds(30)).until(() -> client.epoch() != null
                    && client.offset() != null);
            String epoch = client.epoch();

            long stoppedAt = System.currentTimeMillis();
            redis.restart(); // SIGTERM: the AOF (fsync always) has every acknowledged write
            long restartedAt = System.currentTimeMillis();

            long archiving = awaitMillis(restartedAt, () -> archivedQuoteAfter(restartedAt));
            long pushing = awaitMillis(restartedAt, () -> client.frames.stream()
                    .anyMatch(f -> f.path("ts").asLong(0) > restartedAt));
            assertThat(client.epoch()).as("the same data, the same epoch").isEqualTo(epoch);
            assertThat(client.resumedWithSnapshot).as("no resync needed").isZero();
            assertThat(client.violations).as("offsets only move forward").isEmpty();

            KeyLedger.Account account = awaitEverythingArchived(Set.of());
            System.out.printf("[fault 3a] Redis down %d ms; archive resumed %d ms and push %d ms after the restart; %s%n",
                    restartedAt - stoppedAt, archiving, pushing, account);
            assertThat(account.lost()).as("nothing lost").isEmpty();
            assertThat(account.duplicates()).as("no duplicate rows").isZero();
            assertNoServiceRestarted();
        }
    }

    @Test
    void aRedisRestartedWithoutItsDataRecreatesTheGroupsResyncsClientsAndArchivesNothingTwice() {
        try (PushClient client = new PushClient(suite.gateway.url(), "ticker:BTC")) {
            await("the client's first BTC update").atMost(Duration.ofSeconds(30)).until(() -> client.epoch() != null
                    && client.offset() != null);
            String epoch = client.epoch();

            ledger.sweep();
            Set<String> archivedBefore = new HashSet<>(ledger.archived());
            long stoppedAt = System.currentTimeMillis();
            redis.restartWithoutData(); // as a Redis whose volume was lost: every stream, group and key gone
            long restartedAt = System.currentTimeMillis();
            // what was seen appended but not archived when Redis stopped may be gone with its data: counted, printed
            Set<String> mayBeLost = new HashSet<>(ledger.produced);
            mayBeLost.removeAll(archivedBefore);

            long archiving = awaitMillis(restartedAt, () -> archivedQuoteAfter(restartedAt));
            long groups = awaitMillis(restartedAt, () -> ledger.groupOnEveryStream("backup") && ledger.groupOnEveryStream("query"));
            long resync = awaitMillis(restartedAt, () -> client.epoch() != null && !client.epoch().equals(epoch)
                    && client.frames.stream().anyMatch(f -> f.path("ts").asLong(0) > restartedAt));
            assertThat(client.frames).as("a snapshot recovered:false of the new epoch told the client to replace its state")
                    .anyMatch(f -> "snapshot".equals(f.path("type").asString()) && !f.path("recovered").asBoolean(true)
                            && client.epoch().equals(f.path("epoch").asString()));
            assertThat(client.violations).as("offsets only move forward within an epoch").isEmpty();

            KeyLedger.Account account = awaitEverythingArchived(mayBeLost);
            Set<String> lostWithRedis = new HashSet<>(account.lost());
            System.out.printf("[fault 3b] Redis down %d ms; archive resumed %d ms, groups recreated %d ms, push clients on the "
                            + "new epoch %d ms after the restart; %s; of these lost with Redis's data (appended, not yet "
                            + "archived when it stopped) %d%n", restartedAt - stoppedAt, archiving, groups, resync, account,
                    lostWithRedis.size());
            assertThat(account.lost()).as("only entries Redis itself lost before they were archived")
                    .isSubsetOf(mayBeLost);
            assertThat(account.duplicates()).as("nothing archived twice").isZero();
            assertNoServiceRestarted();
        }
    }

    @Test
    @Tag("long-fault")
    void aBlackholedRedisIsNoticedWithinBoundsTheLimiterAnswersInTimeAndEverythingRecovers() throws Exception {
        try (PushClient client = new PushClient(suite.gateway.url(), "ticker:BTC")) {
            await("the client's first BTC update").atMost(Duration.ofSeconds(30)).until(() -> client.offset() != null);
            List<RedisHealthWatch> watches = RedisHealthWatch.of(suite.services());
            try {
                long blackholedAt = System.currentTimeMillis();
                proxy.blackhole();
                // the limiter, while its Redis does not answer: give the first calls on the blackholed connection a moment
                await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
                List<Long> limiter = new ArrayList<>();
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    long start = System.nanoTime();
                    statuses.add(get(suite.gateway.url() + "/api/v1/quotes/BTC"));
                    limiter.add((System.nanoTime() - start) / 1_000_000);
                }
                await("every service notices").atMost(DETECTION_BOUND).pollInterval(Duration.ofMillis(250))
                        .until(() -> watches.stream().allMatch(RedisHealthWatch::noticed));
                Map<String, Long> detection = watches.stream().collect(Collectors.toMap(w -> w.service.logName,
                        w -> w.noticedAfter(blackholedAt), (a, b) -> a, java.util.LinkedHashMap::new));

                long remaining = BLACKHOLE.toMillis() - (System.currentTimeMillis() - blackholedAt);
                if (remaining > 0) {
                    await().pollDelay(Duration.ofMillis(remaining)).atMost(Duration.ofMillis(remaining + 1000)).until(() -> true);
                }
                proxy.resume();
                long resumedAt = System.currentTimeMillis();

                await("every service recovers").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> watches.stream().allMatch(RedisHealthWatch::recovered));
                Map<String, Long> recovery = watches.stream().collect(Collectors.toMap(w -> w.service.logName,
                        w -> w.recoveredAfter(resumedAt), (a, b) -> a, java.util.LinkedHashMap::new));
                long archiving = awaitMillis(resumedAt, () -> archivedQuoteAfter(resumedAt));
                long pushing = awaitMillis(resumedAt, () -> client.frames.stream().anyMatch(f -> f.path("ts").asLong(0) > resumedAt));
                KeyLedger.Account account = awaitEverythingArchived(Set.of());
                System.out.printf("[fault 6] blackhole %d ms; noticed after (ms) %s; limiter answers %s in %s ms; healthy again "
                                + "after the blackhole (ms) %s; archive %d ms, push %d ms; %s%n", resumedAt - blackholedAt,
                        detection, statuses, limiter, recovery, archiving, pushing, account);

                assertThat(detection.values()).as("every service noticed within %s", DETECTION_BOUND)
                        .allMatch(ms -> ms >= 0 && ms <= DETECTION_BOUND.toMillis());
                assertThat(statuses).as("the limiter's own answer while Redis is silent (when-redis-down: deny)")
                        .containsOnly(503);
                assertThat(limiter).as("the limiter answers within its Redis timeout plus a little")
                        .allMatch(ms -> ms <= LIMITER_REDIS_TIMEOUT.plus(LIMITER_SLACK).toMillis());
                assertThat(client.violations).as("offsets only move forward").isEmpty();
                assertThat(account.lost()).as("nothing lost").isEmpty();
                assertThat(account.duplicates()).as("no duplicate rows").isZero();
                assertNoServiceRestarted();
            } finally {
                proxy.resume();
                watches.forEach(RedisHealthWatch::close);
            }
        }
    }

    /**
     * Waits until every key seen appended up to now, but {@code excused}, is archived (ingest keeps appending: later
     * keys are left to later); then the accounting over everything, excused keys included.
     */
    private KeyLedger.Account awaitEverythingArchived(Set<String> excused) {
        ledger.sweep();
        Set<String> expected = new HashSet<>(ledger.produced);
        expected.removeAll(excused);
        assertThat(expected).as("entries produced").isNotEmpty();
        await("every key appended so far is archived").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> new HashSet<>(ledger.archived()).containsAll(expected));
        KeyLedger.Account account = ledger.account();
        Set<String> lost = new HashSet<>(account.lost());
        lost.removeIf(k -> !expected.contains(k) && !excused.contains(k)); // appended after the snapshot: still on its way
        return new KeyLedger.Account(account.produced(), account.rows(), account.distinctRows(), Set.copyOf(lost));
    }

    private void assertNoServiceRestarted() {
        for (SuiteNode service : suite.services()) {
            assertThat(service.alive()).as(service.logName + " still running").isTrue();
            assertThat(service.pid()).as(service.logName + " never restarted").isEqualTo(pids.get(service.logName));
            service.awaitReady(Duration.ofSeconds(60));
        }
    }

    /** True once a simulated quote with a source time after {@code afterMillis} is archived. */
    private boolean archivedQuoteAfter(long afterMillis) {
        return ledger.archived().stream().anyMatch(k -> k.startsWith("quote:simulated:")
                && Long.parseLong(k.substring(k.lastIndexOf(':') + 1)) > afterMillis);
    }

    private static long awaitMillis(long since, java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(condition);
        return System.currentTimeMillis() - since;
    }

    private static int get(String url) throws InterruptedException {
        try {
            return SuiteNode.HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
