package io.tickstream.streams.connection;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Redis connections for stream work, on one Lettuce client: in a service, the client Spring Boot built
 * from {@code spring.data.redis.*} (standalone host and port, {@code sentinel.*} or {@code cluster.*},
 * TLS, ACL user and password: every setting applies the same way in every service); in tests and
 * command-line tools, a client of its own on one {@link RedisURI}.
 *
 * <p>One shared connection carries the short commands (XACK, XADD, XAUTOCLAIM, XINFO, scripts...);
 * every blocking reader opens a {@link #dedicated() dedicated} one, because a blocking read on a shared
 * connection would stall every other command on it. On a cluster both are cluster connections, which
 * route each command to the node that holds its key's slot and follow topology changes.
 *
 * <p>Connections are opened lazily and off the event loop, so a service starts while Redis is down
 * and connects when it is back; a failed connect is not cached, and a shared connection that closed is
 * replaced on next use. Lettuce reconnects an open connection by itself after a Redis restart.
 */
public final class RedisConnections implements AutoCloseable {

    /** Longest any command may take on a client of our own; blocking reads must block for less. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<? extends AbstractRedisClient> client;
    private final RedisURI uri;
    private final boolean owned;
    private final Mono<Link> shared;

    private RedisConnections(Supplier<? extends AbstractRedisClient> client, RedisURI uri, boolean owned) {
        this.client = client;
        this.uri = uri;
        this.owned = owned;
        this.shared = dedicated().cacheInvalidateIf(link -> {
            if (link.connection().isOpen()) {
                return false;
            }
            link.connection().closeAsync();
            return true;
        });
    }

    /**
     * Connections on a client someone else owns and closes: Spring's
     * ({@code LettuceConnectionFactory#getRequiredNativeClient}), asked for on first use.
     */
    public static RedisConnections on(Supplier<? extends AbstractRedisClient> client) {
        return new RedisConnections(client, null, false);
    }

    /**
     * Connections on a standalone client of their own for {@code uri} (tests, command-line tools): commands
     * fail at once while disconnected (loops back off and retry) and time out after {@link #COMMAND_TIMEOUT}.
     */
    public static RedisConnections standalone(RedisURI uri) {
        uri.setTimeout(COMMAND_TIMEOUT);
        RedisClient client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        return new RedisConnections(() -> client, uri, true);
    }

    /** Commands on the shared connection; never BLOCK on these. */
    public Mono<RedisClusterReactiveCommands<String, String>> shared() {
        return shared.map(Link::commands);
    }

    /**
     * Commands on the connection to the master that holds {@code key}'s slot: on a cluster the node
     * connection of the slot's master (as the cluster view has it now), on a single Redis or Sentinel the
     * shared connection. A {@code WAIT} must run on the connection that made the writes it waits for,
     * so a write that is to be followed by one goes here too.
     */
    public Mono<RedisClusterReactiveCommands<String, String>> masterOf(String key) {
        return shared.flatMap(link -> {
            if (!(link.connection() instanceof StatefulRedisClusterConnection<String, String> cluster)) {
                return Mono.just(link.commands());
            }
            RedisClusterNode master = cluster.getPartitions().getMasterBySlot(slot(key));
            if (master == null) {
                return Mono.error(new IllegalStateException("no master known for slot " + slot(key) + " of " + key));
            }
            return Mono.fromCompletionStage(cluster.getConnectionAsync(master.getNodeId()))
                    .map(StatefulRedisConnection::reactive);
        });
    }

    /** Opens a dedicated connection, e.g. for a blocking reader; the caller closes it. */
    public Mono<Link> dedicated() {
        return Mono.fromCompletionStage(this::connect).subscribeOn(Schedulers.boundedElastic());
    }

    /** True when the client is a cluster client: keys of one command must share a slot. */
    public boolean cluster() {
        return client.get() instanceof RedisClusterClient;
    }

    /** The hash slot of {@code key}, as a cluster sees it (also computed for a standalone Redis). */
    public static int slot(String key) {
        return SlotHash.getSlot(key);
    }

    private java.util.concurrent.CompletionStage<Link> connect() {
        AbstractRedisClient current = client.get();
        if (current instanceof RedisClusterClient cluster) {
            return cluster.connectAsync(StringCodec.UTF8)
                    .thenApply(c -> new Link(c, c.reactive()));
        }
        if (current instanceof RedisClient standalone) {
            java.util.concurrent.CompletableFuture<StatefulRedisConnection<String, String>> opened = uri != null
                    ? standalone.connectAsync(StringCodec.UTF8, uri).toCompletableFuture()
                    : java.util.concurrent.CompletableFuture.supplyAsync(() -> standalone.connect(StringCodec.UTF8),
                            Runnable::run);
            return opened.thenApply(c -> new Link(c, c.reactive()));
        }
        throw new IllegalStateException("unsupported Redis client " + current.getClass().getName());
    }

    @Override
    public void close() {
        shared.subscribe(link -> link.connection().closeAsync(), e -> { });
        if (owned) {
            client.get().shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /**
     * One connection and its reactive commands (the same interface for a standalone and a cluster
     * connection).
     */
    public record Link(StatefulConnection<String, String> connection, RedisClusterReactiveCommands<String, String> commands) {

        /** Closes the connection without waiting. */
        public void close() {
            connection.closeAsync();
        }

        /** True for a cluster connection. */
        public boolean cluster() {
            return connection instanceof StatefulRedisClusterConnection<String, String>;
        }
    }
}
