package io.tickstream.testkit;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A private Sentinel deployment promotes the replica when the master dies, and every Sentinel says so. */
class PrivateRedisSentinelIntegrationTests {

    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(30);

    @Test
    void aKilledMasterIsReplacedByTheReplicaAndEverySentinelNamesIt() {
        try (PrivateRedisSentinel deployment = PrivateRedisSentinel.start()) {
            String master = deployment.redisNodes().get(0);
            String replica = deployment.redisNodes().get(1);
            List<String> sentinels = Arrays.asList(deployment.sentinelNodes().split(","));
            assertThat(sentinels).hasSize(3).doesNotHaveDuplicates().noneMatch(s -> s.endsWith(":6379"));
            assertThat(deployment.currentMaster()).isEqualTo(master);
            assertThat(sentinels).allSatisfy(s -> assertThat(masterNamedBy(s, deployment.masterName())).isEqualTo(master));
            String key = TestKeys.unique("sentinel");
            RedisClient client = RedisClient.create(sentinelUri(deployment));
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().set(key, "survives");
                assertThat(connection.sync().waitForReplication(1, 5_000)).isEqualTo(1);
            }

            assertThat(deployment.killMaster()).isEqualTo(master);
            Duration failover = deployment.awaitFailover(FAILOVER_BOUND);
            System.out.printf("[PrivateRedisSentinel] failover after SIGKILL of the master: %d ms (down-after-milliseconds 2000)%n",
                    failover.toMillis());

            assertThat(deployment.currentMaster()).isEqualTo(replica);
            assertThat(sentinels).allSatisfy(s -> assertThat(masterNamedBy(s, deployment.masterName())).isEqualTo(replica));
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().get(key)).isEqualTo("survives");
                assertThat(String.valueOf(connection.sync().role().getFirst())).isEqualTo("master");
            } finally {
                client.shutdown();
            }
        }
    }

    private static RedisURI sentinelUri(PrivateRedisSentinel deployment) {
        RedisURI.Builder uri = null;
        for (String sentinel : deployment.sentinelNodes().split(",")) {
            String host = sentinel.substring(0, sentinel.indexOf(':'));
            int port = Integer.parseInt(sentinel.substring(sentinel.indexOf(':') + 1));
            uri = uri == null ? RedisURI.Builder.sentinel(host, port, deployment.masterName()) : uri.withSentinel(host, port);
        }
        return uri.build();
    }

    /** Asks one Sentinel through Lettuce, not through the class under test. */
    private static String masterNamedBy(String sentinel, String masterName) {
        RedisClient client = RedisClient.create(RedisURI.create("redis://" + sentinel));
        try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel()) {
            SocketAddress address = connection.sync().getMasterAddrByName(masterName);
            InetSocketAddress inet = (InetSocketAddress) address;
            return inet.getHostString() + ":" + inet.getPort();
        } finally {
            client.shutdown();
        }
    }
}
