package io.tickstream.e2e.faults.redis;

import io.tickstream.testkit.PrivateRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault scenario 10 of issue 21: a rolling restart of the whole suite under load. Ingest, backup, query, two push
 * instances and the gateway, as processes on a private Redis; 100 WebSocket clients on {@code ticker:BTC} through the
 * gateway, whose {@code /ws} route points at a {@link PushFront} (a Service in front of the two push instances).
 * Each service in turn gets SIGTERM, exits by itself, is started again and is waited for until ready before the
 * next. Asserted: every service exits on SIGTERM within its grace (no SIGKILL needed); the clients of a push
 * instance or of the gateway that stops get close code 1001 and resume on the other with their offset and epoch, never a silent gap
 * and never an offset twice or backwards; all 100 are connected and current at the end; and the archive holds every
 * idempotency key produced exactly once (in-flight batches committed, or left pending and taken up again).
 */
@Tag("long-fault")
class RollingRestartFaultIntegrationTests {

    private static final int CLIENTS = 100;

    @Test
    void aRollingRestartUnderLoadLosesNothingAndClientsResumeWithoutAGap() throws Exception {
        List<PushClient> clients = new ArrayList<>();
        AtomicReference<FaultSuite> started = new AtomicReference<>();
        List<IntSupplier> pushPorts = List.of(() -> started.get().push.get(0).port, () -> started.get().push.get(1).port);
        try (PrivateRedis redis = PrivateRedis.ephemeral(); PushFront front = new PushFront(pushPorts)) {
            FaultSuite suite = new FaultSuite("rolling", redis.host(), redis.port(), 2, front.url(), Map.of(
                    "websocket-push-service", Map.of("TICKSTREAM_PUSH_SESSION_MAXCONNECTIONSPERIP", "250"),
                    "market-ingest-service", Map.of("TICKSTREAM_INGEST_SOURCES_SIMULATED_POLLINTERVAL", "250ms")));
            started.set(suite);
            try (suite; KeyLedger ledger = new KeyLedger(redis.uri(), suite.streams(), suite.schema)) {
                suite.start();
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(new PushClient(suite.gateway.url(), "ticker:BTC"));
                }
                await("every client has its first BTC update").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> clients.stream().allMatch(c -> c.offset() != null));

                Map<String, String> steps = new LinkedHashMap<>();
                for (SuiteNode service : suite.services()) {
                    List<Integer> closesBefore = clients.stream().map(c -> c.closeCodes.size()).toList();
                    long stopping = System.currentTimeMillis();
                    int exit = service.stop();
                    long stopped = System.currentTimeMillis();
                    service.start().awaitReady(FaultSuite.READY);
                    long ready = System.currentTimeMillis();
                    await(service.logName + ": every client connected and current again").atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(500)).until(() -> clients.stream().allMatch(c -> c.connected()
                                    && c.frames.stream().anyMatch(f -> f.path("ts").asLong(0) > ready)));
                    List<Integer> codes = new ArrayList<>();
                    for (int i = 0; i < clients.size(); i++) {
                        List<Integer> all = clients.get(i).closeCodes;
                        codes.addAll(all.subList(closesBefore.get(i), all.size()));
                    }
                    steps.put(service.logName, "exit " + exit + " after " + (stopped - stopping) + " ms, ready "
                            + (ready - stopped) + " ms later, clients current " + (System.currentTimeMillis() - ready)
                            + " ms after that, close codes " + summary(codes));
                    assertThat(exit).as(service.logName + " exits by itself on SIGTERM").isNotEqualTo(-1);
                    if (service.module.equals("websocket-push-service") || service.module.equals("gateway")) {
                        assertThat(codes).as("the clients of " + service.logName + " are told 1001 going away")
                                .isNotEmpty().containsOnly(1001);
                    }
                }

                int recovered = clients.stream().mapToInt(c -> c.resumedRecovered).sum();
                int snapshots = clients.stream().mapToInt(c -> c.resumedWithSnapshot).sum();
                List<String> violations = clients.stream().flatMap(c -> c.violations.stream()).toList();
                KeyLedger.Account account = awaitEverythingArchived(ledger);
                steps.forEach((name, step) -> System.out.printf("[fault 10] %s: %s%n", name, step));
                System.out.printf("[fault 10] resumes recovered:true %d, with a snapshot %d; violations %d; %s%n",
                        recovered, snapshots, violations.size(), account);
                assertThat(violations).as("no offset twice or backwards, every resume from its own since").isEmpty();
                assertThat(recovered + snapshots).as("clients resumed").isPositive();
                assertThat(account.lost()).as("nothing lost").isEmpty();
                assertThat(account.duplicates()).as("no duplicate rows").isZero();
            }
        } finally {
            clients.forEach(PushClient::close);
        }
    }

    private static KeyLedger.Account awaitEverythingArchived(KeyLedger ledger) {
        ledger.sweep();
        java.util.Set<String> expected = new java.util.HashSet<>(ledger.produced);
        assertThat(expected).as("entries produced").isNotEmpty();
        await("every key appended so far is archived").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> new java.util.HashSet<>(ledger.archived()).containsAll(expected));
        KeyLedger.Account account = ledger.account();
        java.util.Set<String> lost = new java.util.HashSet<>(account.lost());
        lost.retainAll(expected);
        return new KeyLedger.Account(account.produced(), account.rows(), account.distinctRows(), java.util.Set.copyOf(lost));
    }

    private static String summary(List<Integer> codes) {
        Map<Integer, Integer> counts = new java.util.TreeMap<>();
        codes.forEach(c -> counts.merge(c, 1, Integer::sum));
        return counts.toString();
    }
}
