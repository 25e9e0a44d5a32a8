package io.tickstream.e2e;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.tickstream.testkit.ClusterMaster;
import io.tickstream.testkit.PrivateRedisCluster;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole suite on a Redis Cluster of its own (3 masters + 3 replicas, node timeout 5 s), chosen by
 * {@code SPRING_DATA_REDIS_CLUSTER_NODES} alone, two instances of every service, the simulated market on
 * 24 symbols every 100 ms (~480 entries/s) for a minute; then the master holding BTC's partition is SIGKILLed. What must hold:
 * partitions spread over all three masters (checked, not assumed); REST and WebSocket serve every
 * symbol; both backup instances archive; after the kill every service resumes without a restart; no
 * duplicate rows; every entry the cluster still holds is archived. Entries the killed master had
 * acknowledged but not replicated are counted and printed, not asserted away (replication is
 * asynchronous; docs/operations.md).
 */
class ClusterTopologyIntegrationTests {

    static final List<String> SYMBOLS = List.of("BTC", "ETH", "SOL", "XRP", "DOGE", "ADA", "LTC", "LINK", "DOT", "AVAX",
            "BNB", "TRX", "ATOM", "XLM", "UNI", "ETC", "FIL", "APT", "NEAR", "ARB", "OP", "AAVE", "ALGO", "SUI");
    static final Duration SOAK = Duration.ofSeconds(60);

    @Test
    void twoOfEveryServiceOnAClusterSpreadServeArchiveAndFollowAMasterKill() {
        try (PrivateRedisCluster cluster = PrivateRedisCluster.start();
             ScaledSuite suite = new ScaledSuite("cluster", Map.of("SPRING_DATA_REDIS_CLUSTER_NODES", cluster.seedNodes()),
                     2, SYMBOLS, Duration.ofMillis(100), Map.of());
             RedisClusterClient client = client(cluster);
             StatefulRedisClusterConnection<String, String> connection = client.connect();
             SuiteProbe.KeyRecorder produced = new SuiteProbe.KeyRecorder(connection::sync, suite.streams());
             SuiteProbe.Frames ws = new SuiteProbe.Frames(suite.gatewayUrl(),
                     SYMBOLS.stream().map(s -> "ticker:" + s).toList())) {
            RedisAdvancedClusterCommands<String, String> redis = connection.sync();

            await("every symbol over REST through the gateway").atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(SYMBOLS).allSatisfy(s -> assertThat(SuiteProbe.quoteTime(suite.gatewayUrl(), s)).as(s).isPositive()));
            await("every symbol over WebSocket through the gateway").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ws.channelsWithData()).containsAll(SYMBOLS.stream().map(s -> "ticker:" + s).toList()));

            Map<Integer, List<Integer>> partitionsPerMaster = new TreeMap<>();
            for (int p = 0; p < suite.partitions.count(); p++) {
                String key = suite.partitions.key(suite.marketData, p);
                if (redis.xlen(key) > 0) {
                    partitionsPerMaster.computeIfAbsent(cluster.masterOf(SlotHash.getSlot(key)).port(), k -> new java.util.ArrayList<>()).add(p);
                }
            }
            System.out.println("[cluster-suite] non-empty partitions per master port: " + partitionsPerMaster);
            assertThat(partitionsPerMaster).as("partitions on every master").hasSize(3)
                    .allSatisfy((port, partitions) -> assertThat(partitions).hasSizeGreaterThanOrEqualTo(2));

            // every row is archived by one of the two instances; how the group splits the work is printed, not
            // asserted (one CI run saw the second instance idle for the first 30 s while the first took every batch)
            await("the backup instances archive").atMost(Duration.ofSeconds(30)).until(() ->
                    suite.backup.stream().mapToLong(SuiteProbe::rowsWritten).sum() > 0);
            System.out.println("[cluster-suite] rows written per backup instance: "
                    + suite.backup.stream().map(SuiteProbe::rowsWritten).toList());
            // every query instance serves BTC (each reads every partition itself); waited for, since an instance started
            // beside five others on two cores may answer its first requests late (one CI run read nothing at once)
            await("BTC at every query instance").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(suite.query).allSatisfy(q -> assertThat(SuiteProbe.quoteTime(q.url(), "BTC")).as(q.url()).isPositive()));

            // the L2 cache spreads over the masters; clearing it by pattern reaches every one
            String query = suite.query.getFirst().url();
            SYMBOLS.forEach(s -> assertThat(SuiteProbe.get(query + "/api/v1/quotes/" + s + "/candles?interval=1m")).as(s).isNotNull());
            await("the L2 size over every master").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(SuiteProbe.get(query + "/admin/cache/stats").at("/l2/size").asLong()).isGreaterThanOrEqualTo(SYMBOLS.size()));
            JsonNode cleared = SuiteProbe.post(query + "/admin/cache/clear?pattern=candles:*&tier=l2");
            System.out.println("[cluster-suite] L2 clear by pattern over the cluster: " + cleared);
            assertThat(cleared.path("l2Removed").asLong()).isGreaterThanOrEqualTo(SYMBOLS.size());
            await("the L2 size after the clear").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(SuiteProbe.get(query + "/admin/cache/stats").at("/l2/size").asLong()).isZero());

            // a soak at ~480 entries/s (24 quotes and 24 consensus quotes every 100 ms) before the kill
            await().pollDelay(SOAK).atMost(SOAK.plusSeconds(1)).until(() -> true);

            // SIGKILL the master of BTC's partition
            String btc = suite.partitions.keyFor(suite.marketData, "BTC");
            ClusterMaster victim = cluster.masterOf(SlotHash.getSlot(btc));
            long killedAt = System.currentTimeMillis();
            cluster.killMaster(victim.port());
            Duration promoted = cluster.awaitFailover(Duration.ofSeconds(60));
            long rest = SuiteProbe.awaitMillis(killedAt, () -> SuiteProbe.quoteTime(suite.gatewayUrl(), "BTC") > killedAt);
            long wsResumed = SuiteProbe.awaitMillis(killedAt, () -> ws.updatedAfter("ticker:BTC", killedAt));
            long secondQuery = SuiteProbe.awaitMillis(killedAt, () -> SuiteProbe.quoteTime(suite.query.getLast().url(), "BTC") > killedAt);
            long archived = SuiteProbe.awaitMillis(killedAt, () -> SuiteProbe.archivedAfter(suite.schema, "BTC", killedAt));
            System.out.printf("[cluster-suite] master %d SIGKILLed: replica promoted after %d ms; after the kill, BTC new in "
                            + "REST (gateway) %d ms, WebSocket %d ms, second query instance %d ms, archive %d ms (goal 15,000 ms)%n",
                    victim.port(), promoted.toMillis(), rest, wsResumed, secondQuery, archived);

            SuiteProbe.stopIngestDrainAndAccount("cluster-suite", suite, redis, produced);
        }
    }

    private static RedisClusterClient client(PrivateRedisCluster cluster) {
        RedisClusterClient client = RedisClusterClient.create(cluster.nodes().stream()
                .map(n -> RedisURI.create("redis://" + n)).toList());
        client.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enablePeriodicRefresh(Duration.ofSeconds(2)).enableAllAdaptiveRefreshTriggers().build()).build());
        return client;
    }
}
