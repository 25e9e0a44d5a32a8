package io.tickstream.e2e;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tickstream.testkit.PrivateRedisSentinel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole suite on Redis Sentinel (one master, one replica, three Sentinels, down after 2 s), chosen
 * by {@code SPRING_DATA_REDIS_SENTINEL_MASTER} and {@code SPRING_DATA_REDIS_SENTINEL_NODES} alone; the
 * master is SIGKILLed and the suite must follow the promoted replica without a restart: new quotes in
 * REST and over WebSocket, archived, no duplicate rows, everything Redis still holds archived, and the
 * entries lost with the master counted.
 */
class SentinelTopologyIntegrationTests {

    static final List<String> SYMBOLS = ClusterTopologyIntegrationTests.SYMBOLS.subList(0, 12);

    @Test
    void theSuiteFollowsASentinelFailoverWithoutARestart() {
        try (PrivateRedisSentinel sentinel = PrivateRedisSentinel.start();
             ScaledSuite suite = new ScaledSuite("sentinel", Map.of(
                     "SPRING_DATA_REDIS_SENTINEL_MASTER", sentinel.masterName(),
                     "SPRING_DATA_REDIS_SENTINEL_NODES", sentinel.sentinelNodes()), 1, SYMBOLS, Duration.ofMillis(250), Map.of());
             RedisClient client = RedisClient.create(sentinelUri(sentinel));
             StatefulRedisConnection<String, String> connection = client.connect();
             SuiteProbe.KeyRecorder produced = new SuiteProbe.KeyRecorder(connection::sync, suite.streams());
             SuiteProbe.Frames ws = new SuiteProbe.Frames(suite.gatewayUrl(), List.of("ticker:BTC", "dashboard"))) {
            await("every symbol over REST through the gateway").atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(SYMBOLS).allSatisfy(s -> assertThat(SuiteProbe.quoteTime(suite.gatewayUrl(), s)).as(s).isPositive()));
            await("BTC and the dashboard over WebSocket").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ws.channelsWithData()).contains("ticker:BTC", "dashboard"));
            await("archiving").atMost(Duration.ofSeconds(30)).until(() -> SuiteProbe.rowsWritten(suite.backup.getFirst()) > 0);

            long killedAt = System.currentTimeMillis();
            String killed = sentinel.killMaster();
            Duration promoted = sentinel.awaitFailover(Duration.ofSeconds(60));
            long rest = SuiteProbe.awaitMillis(killedAt, () -> SuiteProbe.quoteTime(suite.gatewayUrl(), "BTC") > killedAt);
            long wsResumed = SuiteProbe.awaitMillis(killedAt, () -> ws.updatedAfter("ticker:BTC", killedAt));
            long archived = SuiteProbe.awaitMillis(killedAt, () -> SuiteProbe.archivedAfter(suite.schema, "BTC", killedAt));
            System.out.printf("[sentinel-suite] master %s SIGKILLed: %s promoted after %d ms; after the kill, BTC new in "
                            + "REST (gateway) %d ms, WebSocket %d ms, archive %d ms%n",
                    killed, sentinel.currentMaster(), promoted.toMillis(), rest, wsResumed, archived);
            assertThat(sentinel.currentMaster()).isNotEqualTo(killed);

            SuiteProbe.stopIngestDrainAndAccount("sentinel-suite", suite, connection.sync(), produced);
        }
    }

    private static RedisURI sentinelUri(PrivateRedisSentinel sentinel) {
        RedisURI.Builder uri = null;
        for (String node : Arrays.asList(sentinel.sentinelNodes().split(","))) {
            String[] hostPort = node.split(":");
            uri = uri == null ? RedisURI.Builder.sentinel(hostPort[0], Integer.parseInt(hostPort[1]), sentinel.masterName())
                    : uri.withSentinel(hostPort[0], Integer.parseInt(hostPort[1]));
        }
        return uri.build();
    }
}
