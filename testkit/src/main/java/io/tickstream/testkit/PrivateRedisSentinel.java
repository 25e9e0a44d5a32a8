package io.tickstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A Sentinel deployment of a test's own: one master, one replica ({@code --replicaof}) and three
 * Sentinels that monitor them with quorum 2, every process on a free port of 127.0.0.1 (never 6379).
 * {@link #start()} returns once the replica is attached and every Sentinel knows the replica and the two
 * other Sentinels, so that a failover can happen at once. A test can then kill the master
 * ({@code SIGKILL}) and wait until the Sentinels have promoted the replica.
 * <p>
 * Defaults: master name {@code tickstream}, {@code down-after-milliseconds} 2 s, {@code failover-timeout}
 * 10 s, no persistence. Needs {@code redis-server} and {@code redis-cli} (Debian: {@code apt-get install
 * redis-server}) and {@code redis-sentinel} (Debian: {@code apt-get install redis-sentinel}; without it,
 * {@code redis-server --sentinel} is used) and fails with a message that says so otherwise.
 * {@link #close()} kills every process by its PID and deletes its directory.
 */
public final class PrivateRedisSentinel implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(10);
    private static final int QUORUM = 2;

    private record Kill(String address, long atNanos) {
    }

    private final String masterName;
    private final List<RedisProcess> redis;
    private final List<RedisProcess> sentinels;
    private Kill lastKill;

    private PrivateRedisSentinel(Builder settings) {
        this.masterName = settings.masterName;
        String server = RedisBinaries.server();
        RedisBinaries.cli();
        Function<Path, List<String>> sentinel = RedisBinaries.sentinel();
        List<Integer> ports = FreePorts.pick(5);
        int masterPort = ports.get(0);
        this.redis = Stream.of(masterPort, ports.get(1)).map(port -> RedisProcess.inNewDirectory("sentinel-redis", port,
                dir -> redisCommand(server, port, dir, port == masterPort ? List.of() : List.of("--replicaof", "127.0.0.1",
                        Integer.toString(masterPort))))).toList();
        this.sentinels = ports.subList(2, 5).stream().map(port -> RedisProcess.inNewDirectory("sentinel", port,
                dir -> sentinel.apply(writeConfig(dir, port, masterPort, settings.downAfter)))).toList();
    }

    /** Starts a deployment with the defaults: master name {@code tickstream}, down after 2 s. */
    public static PrivateRedisSentinel start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The name the Sentinels monitor the master by ({@code spring.data.redis.sentinel.master}). */
    public String masterName() {
        return masterName;
    }

    /** The Sentinels as {@code 127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}: the format of {@code spring.data.redis.sentinel.nodes}. */
    public String sentinelNodes() {
        return String.join(",", sentinels.stream().map(s -> "127.0.0.1:" + s.port()).toList());
    }

    /** {@code 127.0.0.1:<port>} of the two Redis servers: the first master, then its replica. */
    public List<String> redisNodes() {
        return redis.stream().map(r -> "127.0.0.1:" + r.port()).toList();
    }

    /** The master as the first Sentinel that answers reports it (SENTINEL GET-MASTER-ADDR-BY-NAME): {@code host:port}. */
    public String currentMaster() {
        return sentinels.stream().filter(RedisProcess::alive).map(s -> masterAddress(s.port())).flatMap(Optional::stream)
                .findFirst().orElseThrow(() -> new IllegalStateException("no Sentinel answers for " + masterName));
    }

    /** Kills the current master with {@code SIGKILL} (by its PID), as a crash; returns its address. */
    public synchronized String killMaster() {
        String address = currentMaster();
        RedisProcess master = redis.stream().filter(r -> address.equals("127.0.0.1:" + r.port())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the Sentinels name " + address + ", not one of " + redisNodes()));
        master.kill();
        lastKill = new Kill(address, System.nanoTime());
        return address;
    }

    /**
     * Waits until every live Sentinel names another master than the one killed last, and that server says it
     * is a master (ROLE); returns the time from the kill to then (polled every 50 ms or so).
     */
    public synchronized Duration awaitFailover(Duration timeout) {
        Kill kill = lastKill;
        if (kill == null) {
            throw new IllegalStateException("no master was killed (killMaster) since the last failover");
        }
        AtomicReference<String> seen = new AtomicReference<>();
        Eventually.await("failover away from " + kill.address(), timeout, () -> {
            List<Optional<String>> named = sentinels.stream().filter(RedisProcess::alive).map(s -> masterAddress(s.port())).toList();
            seen.set("Sentinels name " + named);
            String first = named.getFirst().orElse(kill.address());
            return !first.equals(kill.address()) && named.stream().allMatch(a -> a.equals(Optional.of(first)))
                    && isMaster(first);
        }, seen::get);
        lastKill = null;
        return Duration.ofNanos(System.nanoTime() - kill.atNanos());
    }

    /** Kills every process (by PID) and deletes their directories. */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        for (RedisProcess process : Stream.concat(sentinels.stream(), redis.stream()).toList()) {
            try {
                process.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void awaitReady() {
        AtomicReference<String> seen = new AtomicReference<>();
        Eventually.await("Sentinel deployment ready", READY_TIMEOUT, () -> {
            String link = RedisCli.query(redis.get(1).port(), "INFO", "replication").map(RedisCli::fields)
                    .map(f -> f.get("master_link_status")).orElse("no answer");
            List<Map<String, String>> views = sentinels.stream().map(s -> RedisCli.query(s.port(), "SENTINEL", "MASTER", masterName)
                    .map(RedisCli::pairs).orElse(Map.of())).toList();
            seen.set("replica link " + link + "; Sentinels see " + views);
            return "up".equals(link) && views.stream().allMatch(v -> "master".equals(v.get("flags"))
                    && "1".equals(v.get("num-slaves")) && String.valueOf(sentinels.size() - 1).equals(v.get("num-other-sentinels")));
        }, seen::get);
    }

    private Optional<String> masterAddress(int sentinelPort) {
        return RedisCli.query(sentinelPort, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName)
                .map(reply -> reply.lines().toList()).filter(lines -> lines.size() == 2)
                .map(lines -> lines.get(0) + ":" + lines.get(1));
    }

    private static boolean isMaster(String address) {
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        return RedisCli.query(port, "ROLE").map(role -> role.lines().findFirst().orElse("")).filter("master"::equals).isPresent();
    }

    private static List<String> redisCommand(String server, int port, Path dir, List<String> extra) {
        return Stream.concat(Stream.of(server, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--daemonize", "no", "--save", "", "--appendonly", "no"), extra.stream()).toList();
    }

    private Path writeConfig(Path dir, int port, int masterPort, Duration downAfter) {
        Path config = dir.resolve("sentinel.conf");
        try {
            // a Sentinel rewrites its file (known replicas and Sentinels, epochs): it must be its own and writable
            Files.writeString(config, String.join("\n",
                    "port " + port, "bind 127.0.0.1", "daemonize no", "dir " + dir, "logfile \"\"",
                    "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " " + QUORUM,
                    "sentinel down-after-milliseconds " + masterName + " " + downAfter.toMillis(),
                    "sentinel failover-timeout " + masterName + " " + FAILOVER_TIMEOUT.toMillis(), ""));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Settings of a deployment; {@link #start()} starts it. */
    public static final class Builder {

        private String masterName = "tickstream";
        private Duration downAfter = Duration.ofSeconds(2);

        private Builder() {
        }

        /** The name the Sentinels monitor the master by. Default {@code tickstream}. */
        public Builder masterName(String masterName) {
            if (!masterName.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("master name must be letters, digits, '.', '_' or '-': " + masterName);
            }
            this.masterName = masterName;
            return this;
        }

        /** {@code down-after-milliseconds}: how long the master may not answer before it is failed over. Default 2 s. */
        public Builder downAfter(Duration downAfter) {
            if (downAfter.toMillis() < 100) {
                throw new IllegalArgumentException("down-after too short: " + downAfter);
            }
            this.downAfter = downAfter;
            return this;
        }

        /** Starts master, replica and Sentinels and waits until a failover could happen (at most 60 s). */
        public PrivateRedisSentinel start() {
            PrivateRedisSentinel deployment = new PrivateRedisSentinel(this);
            try {
                deployment.redis.forEach(RedisProcess::start);
                deployment.sentinels.forEach(RedisProcess::start);
                deployment.awaitReady();
                return deployment;
            } catch (RuntimeException e) {
                deployment.close();
                throw e;
            }
        }
    }
}
