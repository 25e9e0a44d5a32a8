package io.tickstream.common.event;

import io.tickstream.common.stream.StreamKeys;

import java.util.Objects;

/**
 * A source's health transition, appended to {@code system:health}. {@code meta.source()} is the
 * source whose health changed and {@code meta.sourceTime()} the moment of the transition.
 *
 * @param meta         common fields; the idempotency key is {@link #idempotencyKey}
 * @param state        the new state
 * @param previous     the state before
 * @param reason       a short human-readable cause, e.g. {@code HTTP 429}, {@code timeout after 5s}
 * @param retryAfterMs when rate-limited, how long the source asked us to wait; else {@code null}
 */
public record SourceHealthChanged(
        EventMeta meta,
        SourceState state,
        SourceState previous,
        String reason,
        Long retryAfterMs) implements MarketEvent {

    public SourceHealthChanged {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(previous, "previous");
        reason = reason == null ? "" : reason;
    }

    /** The idempotency key of a transition: {@code health:<source>:<state>:<sourceTime>}. */
    public static String idempotencyKey(String source, SourceState state, long sourceTime) {
        return "health:" + source + ":" + state.wireName() + ":" + sourceTime;
    }

    @Override
    public EventType type() {
        return EventType.SOURCE_HEALTH;
    }

    @Override
    public String stream() {
        return StreamKeys.HEALTH;
    }
}
