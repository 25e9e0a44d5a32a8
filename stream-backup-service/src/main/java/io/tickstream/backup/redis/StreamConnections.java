package io.tickstream.backup.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Redis connections for stream work, on a Lettuce client of their own: spring-data-redis has no
 * XAUTOCLAIM, and a blocking XREADGROUP must not share a connection with other commands (it would
 * stall them). One shared connection carries the short commands (XACK, XADD, XAUTOCLAIM, XTRIM,
 * XINFO...); each blocking reader opens its own.
 *
 * <p>Connections are opened lazily, so the service starts while Redis is down and connects when it
 * is back. Commands fail at once while disconnected (rather than queueing), so loops back off and
 * retry; Lettuce reconnects by itself after a Redis restart. Command timeout 10 s, above any BLOCK.
 */
public class StreamConnections implements AutoCloseable {

    /** Longest any command may take; blocking reads must block for less. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final RedisClient client;
    private final RedisURI uri;
    private final Mono<StatefulRedisConnection<String, String>> shared;

    public StreamConnections(RedisURI uri) {
        this.uri = uri;
        this.uri.setTimeout(COMMAND_TIMEOUT);
        this.client = RedisClient.create();
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        // a failed connect is not cached (the next command tries again); a connection that went down is
        // closed and replaced on next use, so an outage never leaves a second reconnecting connection behind
        this.shared = open().cacheInvalidateIf(connection -> {
            if (connection.isOpen()) {
                return false;
            }
            connection.closeAsync();
            return true;
        });
    }

    /** Commands on the shared connection; never BLOCK on these. */
    public Mono<RedisReactiveCommands<String, String>> shared() {
        return shared.map(StatefulRedisConnection::reactive);
    }

    /** Opens a dedicated connection, e.g. for a blocking reader; the caller closes it. */
    public Mono<StatefulRedisConnection<String, String>> open() {
        return Mono.fromCompletionStage(() -> client.connectAsync(StringCodec.UTF8, uri));
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
