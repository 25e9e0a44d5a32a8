package io.tickstream.push.session;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * Bounds of every client connection, under {@code tickstream.push.session.}. Whatever a client does,
 * what it costs the server stays inside these.
 *
 * @param maxFrameSize        largest inbound message; a bigger one closes the connection with 1009;
 *                            default 16 KB
 * @param maxSubscriptions    channels one connection may subscribe to; more get a
 *                            {@code too_many_subscriptions} error; default 100
 * @param maxConnectionsPerIp open connections per client address; more are refused at the handshake
 *                            with HTTP 429; default 100
 * @param handshakesPerSecond handshakes accepted per second across the instance (token bucket), more
 *                            get HTTP 429; default 500
 * @param handshakeBurst      bucket size, handshakes accepted at once after a quiet time; default 1,000
 * @param pingInterval        a WebSocket ping is sent after this long without one; default 20 s
 * @param idleTimeout         a connection that sent nothing (no message, no pong) for this long is
 *                            closed with 4000; default 60 s
 * @param queueCapacity       outbound messages queued per connection before its updates are conflated
 *                            (latest value per channel); default 128
 * @param maxLag              how long a connection may stay conflated (unable to take its updates)
 *                            before it is closed with 4008; default 5 s
 * @param closeTimeout        after a close frame is queued, the connection is cut if it is still open
 *                            after this long (a client that does not read never gets the frame);
 *                            default 2 s
 * @param maxRate             largest {@code maxRate} a subscription may ask for, updates per second;
 *                            default 100
 * @param maxErrors           error replies one connection may cause before it is closed with 1008;
 *                            default 50
 * @param socketSendBuffer    kernel send buffer per connection ({@code SO_SNDBUF}); 0 leaves the OS
 *                            default (auto-tuned up to megabytes); default 0
 * @param allowedOrigins      browser origins allowed to connect (e.g. {@code https://app.example});
 *                            empty allows any origin; a handshake with another {@code Origin} gets
 *                            HTTP 403. Requests without {@code Origin} (not from a browser) are allowed;
 *                            default empty
 * @param shutdownGrace       on shutdown, how long to wait for clients to close after the going-away
 *                            close frame; default 5 s
 * @param trustedProxyHops    proxies in front of this service that append to {@code X-Forwarded-For}: the
 *                            per-address limit counts the address that many hops from the right, as the
 *                            gateway does ({@code io.tickstream.security.forwarded.ClientAddresses}). Behind the
 *                            gateway: the gateway's own hops plus one (1 when nothing is in front of the
 *                            gateway). Default 0: the TCP peer, header ignored (direct clients)
 * @param trustedProxies      regular expression of the TCP peers whose {@code X-Forwarded-For} is believed (e.g.
 *                            the gateway pods' network); a client reaching the port directly is then counted as
 *                            itself; default empty: any peer
 */
@Validated
@ConfigurationProperties("tickstream.push.session")
public record SessionProperties(
        @DefaultValue("16KB") @NotNull DataSize maxFrameSize,
        @DefaultValue("100") @Min(1) @Max(10_000) int maxSubscriptions,
        @DefaultValue("100") @Min(1) int maxConnectionsPerIp,
        @DefaultValue("500") @Min(1) int handshakesPerSecond,
        @DefaultValue("1000") @Min(1) int handshakeBurst,
        @DefaultValue("20s") @NotNull Duration pingInterval,
        @DefaultValue("60s") @NotNull Duration idleTimeout,
        @DefaultValue("128") @Min(4) @Max(100_000) int queueCapacity,
        @DefaultValue("5s") @NotNull Duration maxLag,
        @DefaultValue("2s") @NotNull Duration closeTimeout,
        @DefaultValue("100") @Min(1) @Max(10_000) int maxRate,
        @DefaultValue("50") @Min(1) int maxErrors,
        @DefaultValue("0") @NotNull DataSize socketSendBuffer,
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue("5s") @NotNull Duration shutdownGrace,
        @DefaultValue("0") @Min(0) @Max(10) int trustedProxyHops,
        @DefaultValue("") String trustedProxies) {

    /** How a client's address is found, by these settings. */
    public io.tickstream.security.forwarded.ClientAddresses clientAddresses() {
        return new io.tickstream.security.forwarded.ClientAddresses(trustedProxyHops, trustedProxies);
    }
}
