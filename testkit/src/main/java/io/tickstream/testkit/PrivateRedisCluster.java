package io.tickstream.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of a test's own: N masters and N replicas (default 3 + 3) as {@code redis-server}
 * processes on free ports of 127.0.0.1 (16000..22767, never 6379, each with its bus port, port + 10000,
 * free too), joined with {@code redis-cli --cluster create ... --cluster-replicas 1}. {@link #start()}
 * returns once every node says {@code cluster_state:ok}, every slot is served and every replica is attached.
 * A test can then kill a master ({@code SIGKILL}), wait for its replica to take over, and bring the killed
 * node back as a replica.
 * <p>
 * Defaults: 3 masters, {@code cluster-node-timeout} 5 s (a failover then takes a few seconds more than
 * that), no persistence ({@code --save '' --appendonly no}). Needs {@code redis-server} and
 * {@code redis-cli} on the PATH (Debian: {@code apt-get install redis-server}) and fails with a message
 * that says so otherwise. {@link #close()} kills every node by its PID and deletes its directory.
 */
public final class PrivateRedisCluster implements AutoCloseable {

    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REJOIN_TIMEOUT = Duration.ofSeconds(60);

    private record Kill(ClusterMaster master, Set<String> successors, long atNanos) {
    }

    private final int masterCount;
    private final Map<Integer, RedisProcess> nodes = new LinkedHashMap<>();
    private Kill lastKill;

    private PrivateRedisCluster(Builder settings) {
        this.masterCount = settings.masters;
        String server = RedisBinaries.server();
        RedisBinaries.cli();
        for (int port : FreePorts.pickWithBus(2 * settings.masters)) {
            nodes.put(port, RedisProcess.inNewDirectory("cluster", port, dir -> List.of(server,
                    "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(), "--daemonize", "no",
                    "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                    "--cluster-node-timeout", Long.toString(settings.nodeTimeout.toMillis()),
                    "--save", "", "--appendonly", settings.appendOnly ? "yes" : "no")));
        }
    }

    /** Starts a cluster with the defaults: 3 masters, 3 replicas, node timeout 5 s, no persistence. */
    public static PrivateRedisCluster start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:<port>} of every node, masters and replicas, in port order of creation. */
    public List<String> nodes() {
        return nodes.keySet().stream().map(port -> "127.0.0.1:" + port).toList();
    }

    /** Every node as {@code 127.0.0.1:p1,127.0.0.1:p2,...}: the format of {@code spring.data.redis.cluster.nodes}. */
    public String seedNodes() {
        return String.join(",", nodes());
    }

    /** The masters that serve slots now, with their slot ranges, as the cluster reports them (CLUSTER NODES). */
    public List<ClusterMaster> masters() {
        return view().masters();
    }

    /** The master that serves this hash slot now; fails when none does (e.g. during a failover). */
    public ClusterMaster masterOf(int slot) {
        return masters().stream().filter(master -> master.serves(slot)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no live master serves slot " + slot + "; the cluster:\n" + view()));
    }

    /**
     * Kills the master on this port with {@code SIGKILL} (by its PID), as a crash. Its replicas are noted
     * so that {@link #awaitFailover(Duration)} can tell that one of them took over. One master at a time:
     * with the masters of a majority down, the cluster cannot fail over at all.
     */
    public synchronized void killMaster(int port) {
        ClusterView view = view();
        ClusterMaster master = view.masters().stream().filter(m -> m.port() == port).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(port + " is not a master that serves slots; masters: " + view.masters()));
        Set<String> successors = view.nodes().stream().filter(n -> n.replica() && master.id().equals(n.masterId()))
                .map(ClusterNode::id).collect(Collectors.toUnmodifiableSet());
        if (successors.isEmpty()) {
            throw new IllegalStateException("master " + port + " has no replica to take over; the cluster:\n" + view);
        }
        node(port).kill();
        lastKill = new Kill(master, successors, System.nanoTime());
    }

    /**
     * Waits until a replica of the master killed last serves its slots and the cluster is healthy again
     * ({@code cluster_state:ok} with every slot served on every live node, every live replica attached);
     * returns the time from the kill to then (measured by polling every 50 ms or so).
     */
    public synchronized Duration awaitFailover(Duration timeout) {
        Kill kill = lastKill;
        if (kill == null) {
            throw new IllegalStateException("no master was killed (killMaster) since the last failover");
        }
        AtomicReference<ClusterView> seen = new AtomicReference<>();
        Eventually.await("failover of master " + kill.master().port(), timeout,
                () -> seen.updateAndGet(previous -> view()).promoted(kill.master(), kill.successors()),
                () -> String.valueOf(seen.get()));
        lastKill = null;
        return Duration.ofNanos(System.nanoTime() - kill.atNanos());
    }

    /**
     * Starts the killed node on this port again, with its {@code nodes.conf}; returns once every node sees it
     * as an attached replica and the cluster is healthy (at most 60 s), with the time that took.
     */
    public synchronized Duration restart(int port) {
        RedisProcess node = node(port);
        long started = System.nanoTime();
        node.start();
        String id = RedisCli.query(port, "CLUSTER", "MYID")
                .orElseThrow(() -> new IllegalStateException("restarted node " + port + " does not tell its id"));
        AtomicReference<ClusterView> seen = new AtomicReference<>();
        Eventually.await("rejoin of node " + port + " as a replica", REJOIN_TIMEOUT,
                () -> seen.updateAndGet(previous -> view()).rejoinedAsReplica(id), () -> String.valueOf(seen.get()));
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Kills every node (by PID) and deletes their directories. */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        for (RedisProcess node : nodes.values()) {
            try {
                node.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void create() {
        List<String> args = new ArrayList<>(List.of("--cluster", "create"));
        args.addAll(nodes());
        args.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        RedisCli.Result created = RedisCli.run(args, FORM_TIMEOUT);
        if (!created.ok()) {
            throw new IllegalStateException("redis-cli --cluster create failed:\n" + created.output());
        }
        AtomicReference<ClusterView> seen = new AtomicReference<>();
        Eventually.await("formation of the cluster", FORM_TIMEOUT,
                () -> seen.updateAndGet(previous -> view()).formed(masterCount, masterCount), () -> String.valueOf(seen.get()));
    }

    private ClusterView view() {
        return ClusterView.of(nodes.entrySet().stream().filter(e -> e.getValue().alive()).map(Map.Entry::getKey).toList());
    }

    private RedisProcess node(int port) {
        RedisProcess node = nodes.get(port);
        if (node == null) {
            throw new IllegalArgumentException(port + " is not a node of this cluster: " + nodes.keySet());
        }
        return node;
    }

    /** Settings of a cluster; {@link #start()} starts it. */
    public static final class Builder {

        private int masters = 3;
        private Duration nodeTimeout = Duration.ofSeconds(5);
        private boolean appendOnly;

        private Builder() {
        }

        /** How many masters, each with one replica; at least 3 (what {@code redis-cli --cluster create} needs). Default 3. */
        public Builder masters(int masters) {
            if (masters < 3) {
                throw new IllegalArgumentException("a cluster needs at least 3 masters, not " + masters);
            }
            this.masters = masters;
            return this;
        }

        /** {@code cluster-node-timeout}: how long a node may not answer before it is failed over. Default 5 s. */
        public Builder nodeTimeout(Duration nodeTimeout) {
            if (nodeTimeout.toMillis() < 100) {
                throw new IllegalArgumentException("node timeout too short: " + nodeTimeout);
            }
            this.nodeTimeout = nodeTimeout;
            return this;
        }

        /** {@code appendonly yes}: a restarted node reloads its data before it syncs. Default off. */
        public Builder appendOnly(boolean appendOnly) {
            this.appendOnly = appendOnly;
            return this;
        }

        /** Starts the nodes, creates the cluster and waits until it is formed (at most 60 s). */
        public PrivateRedisCluster start() {
            PrivateRedisCluster cluster = new PrivateRedisCluster(this);
            try {
                cluster.nodes.values().forEach(RedisProcess::start);
                cluster.create();
                return cluster;
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        }
    }
}
