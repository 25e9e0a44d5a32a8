package io.tickstream.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A private cluster forms, serves every slot, fails over when a master dies and takes the dead node back. */
class PrivateRedisClusterIntegrationTests {

    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(30);

    @Test
    void formsWithThreeMastersThatShareTheSlotsAndServeKeysInEachRange() {
        try (PrivateRedisCluster cluster = PrivateRedisCluster.start()) {
            List<ClusterMaster> masters = cluster.masters();

            assertThat(cluster.nodes()).hasSize(6);
            assertThat(cluster.seedNodes()).isEqualTo(String.join(",", cluster.nodes()));
            assertThat(ports(cluster)).allSatisfy(port -> assertThat(port).isLessThan(55_000).isNotEqualTo(6379));
            assertThat(masters).hasSize(3).allSatisfy(master -> assertThat(master.slotCount()).isPositive());
            assertThat(masters.stream().mapToInt(ClusterMaster::slotCount).sum()).isEqualTo(16384);

            RedisClusterClient client = clusterClient(cluster);
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                for (ClusterMaster master : masters) {
                    String key = keyServedBy(master);
                    connection.sync().set(key, "on " + master.port());

                    assertThat(cluster.masterOf(SlotHash.getSlot(key))).isEqualTo(master);
                    assertThat(connection.sync().get(key)).isEqualTo("on " + master.port());
                    assertThat(getFromNode(master.port(), key)).isEqualTo("on " + master.port());
                }
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void aKilledMasterIsReplacedByItsReplicaAndComesBackAsAReplica() {
        try (PrivateRedisCluster cluster = PrivateRedisCluster.start()) {
            ClusterMaster victim = cluster.masters().getFirst();
            String key = keyServedBy(victim);
            int slot = SlotHash.getSlot(key);
            setAndReplicate(victim.port(), key, "survives");
            int replica = ports(cluster).stream()
                    .filter(port -> cluster.masters().stream().noneMatch(master -> master.port() == port)).findFirst().orElseThrow();
            assertThatThrownBy(() -> cluster.killMaster(replica)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a master");
            assertThatThrownBy(() -> cluster.awaitFailover(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no master was killed");

            cluster.killMaster(victim.port());
            Duration failover = cluster.awaitFailover(FAILOVER_BOUND);
            System.out.printf("[PrivateRedisCluster] failover after SIGKILL of master %d: %d ms (cluster-node-timeout 5000 ms)%n",
                    victim.port(), failover.toMillis());

            ClusterMaster successor = cluster.masterOf(slot);
            assertThat(successor.port()).isNotEqualTo(victim.port());
            assertThat(successor.slots()).isEqualTo(victim.slots());
            assertThat(cluster.masters()).hasSize(3);
            assertThat(getFromNode(successor.port(), key)).isEqualTo("survives");
            RedisClusterClient client = clusterClient(cluster);
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().get(key)).isEqualTo("survives");
            } finally {
                client.shutdown();
            }

            Duration rejoin = cluster.restart(victim.port());
            System.out.printf("[PrivateRedisCluster] killed master %d back as a replica after %d ms%n", victim.port(), rejoin.toMillis());
            assertThat(cluster.masters()).extracting(ClusterMaster::port).doesNotContain(victim.port());
            assertThat(role(victim.port())).isEqualTo("slave");
        }
    }

    private static List<Integer> ports(PrivateRedisCluster cluster) {
        return Arrays.stream(cluster.seedNodes().split(",")).map(node -> Integer.parseInt(node.substring(node.indexOf(':') + 1)))
                .toList();
    }

    private static RedisClusterClient clusterClient(PrivateRedisCluster cluster) {
        List<RedisURI> seeds = Arrays.stream(cluster.seedNodes().split(",")).map(node -> RedisURI.create("redis://" + node)).toList();
        return RedisClusterClient.create(seeds);
    }

    private static String keyServedBy(ClusterMaster master) {
        while (true) {
            String key = TestKeys.unique("cluster");
            if (master.serves(SlotHash.getSlot(key))) {
                return key;
            }
        }
    }

    private static String getFromNode(int port, String key) {
        return onNode(port, connection -> connection.sync().get(key));
    }

    private static String role(int port) {
        return onNode(port, connection -> String.valueOf(connection.sync().role().getFirst()));
    }

    /** SET on a master, then WAIT until its replica has it: a kill right after cannot lose it. */
    private static void setAndReplicate(int port, String key, String value) {
        long replicas = onNode(port, connection -> {
            connection.sync().set(key, value);
            return connection.sync().waitForReplication(1, 5_000);
        });
        assertThat(replicas).isEqualTo(1);
    }

    private static <T> T onNode(int port, Function<StatefulRedisConnection<String, String>, T> action) {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return action.apply(connection);
        } finally {
            client.shutdown();
        }
    }
}
