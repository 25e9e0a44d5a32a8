package io.tickstream.push.session;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How updates are written to the connections, under {@code tickstream.push.write.} (environment:
 * {@code TICKSTREAM_PUSH_WRITE_SHAREDFRAMES}, {@code TICKSTREAM_PUSH_WRITE_BATCHFLUSHES}). Both only change
 * how the same bytes reach the socket, never which messages a client gets; they are switches for an A/B
 * (scripts/bench-push.sh, docs/benchmarks.md), not for tuning.
 *
 * @param sharedFrames  a message is framed once (WebSocket header and payload in one pooled direct buffer) per
 *                      event loop, and every connection of that loop is written a retained duplicate of it,
 *                      instead of a {@code TextWebSocketFrame} each that Netty's encoder copies into a buffer
 *                      of its own; default true
 * @param batchFlushes  a connection's writes are flushed once, after the event loop has run the tasks already
 *                      queued (the updates of other channels among them), instead of once per update: when the
 *                      loop falls behind, several updates for one connection leave in one system call; default
 *                      true
 */
@Validated
@ConfigurationProperties("tickstream.push.write")
public record WriteProperties(
        @DefaultValue("true") boolean sharedFrames,
        @DefaultValue("true") boolean batchFlushes) {

    /** The defaults, for code that is not configured (tests). */
    static WriteProperties defaults() {
        return new WriteProperties(true, true);
    }
}
