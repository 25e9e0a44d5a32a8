package io.tickstream.push.session;

import io.tickstream.push.channel.ChannelUpdate;
import io.tickstream.push.channel.Subscriber;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * One client's subscription to one channel, with its options. Its mutable fields are guarded by the
 * session's {@link OutboundQueue} lock.
 */
final class Subscription implements Subscriber {

    /** What the client gets for each update. */
    enum Format {
        /** {@code update} messages with the full object. */
        FULL,
        /**
         * {@code patch} messages (RFC 6902) against the object the client holds; an {@code update} (the
         * full object) whenever the client does not hold the patch's base (after conflation, rate
         * limiting or a reset).
         */
        PATCH,
        /** The replaced system's {@code dashboard_update} messages (dashboard channel only). */
        DASHBOARD_UPDATE
    }

    final ClientSession session;
    final String channel;
    final Format format;
    /** 0: every update; else at least this long between two updates (maxRate), the latest wins. */
    final long minIntervalNanos;

    volatile boolean active = true;
    String lastSentOffset;
    long lastEnqueuedNanos = Long.MIN_VALUE / 2;
    ChannelUpdate throttled;

    Subscription(ClientSession session, String channel, Format format, double maxRate) {
        this.session = session;
        this.channel = channel;
        this.format = format;
        this.minIntervalNanos = maxRate > 0 ? (long) (1_000_000_000L / maxRate) : 0;
    }

    @Override
    public void deliver(ChannelUpdate update) {
        session.outbound().offerUpdate(this, update);
    }

    @Override
    public Executor executor() {
        return session.executor();
    }

    @Override
    public void start(byte[] frame, String offset) {
        session.outbound().offerStart(this, frame, offset);
    }

    /**
     * The message bytes this subscriber gets for {@code update}; remembers what the client now holds. On a
     * trade tape every format gets the {@code trade} message when the client holds the tape it adds to, else
     * the {@code update} with the whole tape (the trades it missed, as far as the tape reaches).
     */
    byte[] bytesFor(ChannelUpdate update) {
        byte[] bytes = update.event() != null
                ? Objects.equals(update.previousOffset(), lastSentOffset) ? update.event() : update.full()
                : switch (format) {
            case PATCH -> update.patch() != null && Objects.equals(update.previousOffset(), lastSentOffset)
                    ? update.patch() : update.full();
            case DASHBOARD_UPDATE -> update.legacy() != null ? update.legacy() : update.full();
            case FULL -> update.full();
        };
        lastSentOffset = update.offset();
        return bytes;
    }
}
