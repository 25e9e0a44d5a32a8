package io.tickstream.push.session;

import org.springframework.web.reactive.socket.CloseStatus;

/**
 * Why the server closes a connection: the WebSocket close code a client sees and the
 * {@code reason} tag of {@code tickstream_push_disconnects_total}. Codes 4000-4999 are ours; a client
 * should reconnect (with {@code since}) after any of them except 1008.
 */
enum CloseReason {
    /** 1001: the instance is shutting down; reconnect, another instance will answer. */
    GOING_AWAY(1001, "going_away", "server shutting down"),
    /** 1008: too many bad requests. */
    POLICY(1008, "policy", "too many errors"),
    /** 4000: nothing (no message, no pong) received within the idle timeout. */
    IDLE(4000, "idle_timeout", "idle timeout"),
    /** 4001: the token presented at the handshake expired. */
    TOKEN_EXPIRED(4001, "token_expired", "token expired"),
    /** 4008: the client did not take its updates for longer than the allowed lag, even conflated. */
    SLOW_CONSUMER(4008, "slow_consumer", "slow consumer"),
    /** 4029: over the per-address connection limit (a race past the handshake check). */
    TOO_MANY_CONNECTIONS(4029, "ip_limit", "too many connections from this address");

    private final int code;
    private final String tag;
    private final String text;

    CloseReason(int code, String tag, String text) {
        this.code = code;
        this.tag = tag;
        this.text = text;
    }

    CloseStatus status() {
        return new CloseStatus(code, text);
    }

    String tag() {
        return tag;
    }
}
