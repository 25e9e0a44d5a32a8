package io.tickstream.streams.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How every service's Redis connections notice a peer that went silent without closing (a blackhole: a network
 * partition, a Redis host that froze or vanished, a firewall dropping packets), under
 * {@code tickstream.streams.redis-socket.} (environment: {@code TICKSTREAM_STREAMS_REDISSOCKET_KEEPALIVEIDLE} and
 * so on). Without these, a connection with nothing in flight stays "open" for as long as the kernel's defaults
 * allow (2 h of idle before the first keepalive probe), and one with a write in flight for ~15 min of
 * retransmissions; command timeouts ({@code spring.data.redis.timeout}) fail commands sooner but do not close the
 * connection. With them, the kernel closes a dead connection and Lettuce reconnects.
 *
 * <p>Applied to the one Lettuce client of a service (Spring's, which the streams layer shares), with the
 * connect timeout of {@code spring.data.redis.connect-timeout} kept. Extended keepalive and
 * {@code TCP_USER_TIMEOUT} need Netty's native epoll transport (in every service's jar, used on Linux); elsewhere
 * Lettuce applies plain {@code SO_KEEPALIVE} only.
 *
 * @param keepAlive        turn TCP keepalive on; default true
 * @param keepAliveIdle    idle time of a connection before the first probe ({@code TCP_KEEPIDLE}); default 15s
 * @param keepAliveInterval time between unanswered probes ({@code TCP_KEEPINTVL}); default 5s
 * @param keepAliveCount   unanswered probes before the kernel closes the connection ({@code TCP_KEEPCNT}); default 3,
 *                         so an idle dead connection is closed after 15 s + 3 × 5 s = 30 s
 * @param tcpUserTimeout   longest time sent data may stay unacknowledged before the kernel closes the connection
 *                         ({@code TCP_USER_TIMEOUT}); default 20s, above every command timeout of the services
 *                         (1 to 10 s) so a slow command fails by its timeout first; zero turns it off
 */
@ConfigurationProperties("tickstream.streams.redis-socket")
public record RedisSocketProperties(
        @DefaultValue("true") boolean keepAlive,
        @DefaultValue("15s") Duration keepAliveIdle,
        @DefaultValue("5s") Duration keepAliveInterval,
        @DefaultValue("3") int keepAliveCount,
        @DefaultValue("20s") Duration tcpUserTimeout) {

    /** Validated at binding (the layer does not require a Bean Validation provider). */
    public RedisSocketProperties {
        if (keepAliveIdle == null || keepAliveIdle.toSeconds() < 1) {
            throw new IllegalArgumentException("tickstream.streams.redis-socket.keep-alive-idle must be at least 1s");
        }
        if (keepAliveInterval == null || keepAliveInterval.toSeconds() < 1) {
            throw new IllegalArgumentException("tickstream.streams.redis-socket.keep-alive-interval must be at least 1s");
        }
        if (keepAliveCount < 1) {
            throw new IllegalArgumentException("tickstream.streams.redis-socket.keep-alive-count must be at least 1");
        }
        if (tcpUserTimeout == null || tcpUserTimeout.isNegative()) {
            throw new IllegalArgumentException("tickstream.streams.redis-socket.tcp-user-timeout must be zero (off) or positive");
        }
    }

    /** When an idle connection to a silent peer is closed at the latest: idle + count × interval. */
    public Duration idleDeadAfter() {
        return keepAliveIdle.plus(keepAliveInterval.multipliedBy(keepAliveCount));
    }
}
