package io.tickstream.gateway.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds on what a client may send, under {@code tickstream.gateway.limits.}. Header size is Netty's
 * {@code server.max-http-request-header-size} (431 beyond it); WebSocket frames are bounded by
 * {@code spring.cloud.gateway.server.webflux.httpclient.websocket.max-frame-payload-length}.
 *
 * @param maxBodySize largest request body, declared ({@code Content-Length}) or streamed
 *                    ({@code Transfer-Encoding: chunked}); 413 beyond it; default 1MB
 */
@Validated
@ConfigurationProperties("tickstream.gateway.limits")
public record RequestLimitsProperties(@DefaultValue("1MB") DataSize maxBodySize) {
}
