package io.tickstream.push.sse;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The SSE endpoint ({@code GET /sse}), under {@code tickstream.push.sse.}. Every other bound (queue,
 * lag, subscriptions, connections per address, handshake rate, token) is the WebSocket one,
 * {@code tickstream.push.session.*}.
 *
 * @param heartbeat   a comment line ({@code : heartbeat}) is sent this often, so proxies and the client
 *                    see a live stream when the market is quiet (the gateway cuts an upstream silent
 *                    for its {@code upstream-idle-timeout}, 10 s); default 5 s
 * @param retry       the reconnection delay announced to browsers' {@code EventSource} ({@code retry:});
 *                    default 1 s
 */
@Validated
@ConfigurationProperties("tickstream.push.sse")
public record SseProperties(
        @DefaultValue("5s") @NotNull Duration heartbeat,
        @DefaultValue("1s") @NotNull Duration retry) {
}
