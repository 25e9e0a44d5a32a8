package io.tickstream.push.channel;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One change of one channel, serialized once and shared by all its subscribers.
 *
 * <p>A change of a trade tape ({@code trades:<SYMBOL>}) is one trade: its {@link #event() trade} message is
 * what a subscriber holding the tape at {@link #previousOffset()} gets, whatever its format; the
 * {@link #full() update} with the whole tape goes only to one that does not (its updates were conflated or
 * rate limited). That one is written on first use: most tape changes never need it, and the replay history
 * holds many of them.
 */
public final class ChannelUpdate {

    private final String channel;
    private final String offset;
    private final String previousOffset;
    private final long ingestTime;
    private final byte[] patch;
    private final byte[] legacy;
    private final byte[] event;
    private final Supplier<byte[]> fullWriter;
    private volatile byte[] full;

    /**
     * A change of a channel's object.
     *
     * @param channel        the channel
     * @param offset         the stream entry id that made the change
     * @param previousOffset the channel's offset before, the object {@code patch} applies to; null when
     *                       the channel had no state
     * @param ingestTime     the entry's ingest time (epoch ms), for the delivery latency
     * @param full           the {@code update} message
     * @param patch          the {@code patch} message, null when there was no previous state
     * @param legacy         the {@code dashboard_update} message (dashboard channel only), else null
     */
    public ChannelUpdate(String channel, String offset, String previousOffset, long ingestTime,
                         byte[] full, byte[] patch, byte[] legacy) {
        this(channel, offset, previousOffset, ingestTime, Objects.requireNonNull(full, "full"), null, patch, legacy, null);
    }

    private ChannelUpdate(String channel, String offset, String previousOffset, long ingestTime, byte[] full,
                          Supplier<byte[]> fullWriter, byte[] patch, byte[] legacy, byte[] event) {
        this.channel = channel;
        this.offset = offset;
        this.previousOffset = previousOffset;
        this.ingestTime = ingestTime;
        this.full = full;
        this.fullWriter = fullWriter;
        this.patch = patch;
        this.legacy = legacy;
        this.event = event;
    }

    /**
     * One trade added to a tape: its {@code trade} message {@code event}, and {@code full}, the writer of the
     * {@code update} message with the whole tape after it.
     */
    public static ChannelUpdate tapeEntry(String channel, String offset, String previousOffset, long ingestTime,
                                   byte[] event, Supplier<byte[]> full) {
        return new ChannelUpdate(channel, offset, previousOffset, ingestTime, null, Objects.requireNonNull(full),
                null, null, Objects.requireNonNull(event));
    }

    public String channel() {
        return channel;
    }

    public String offset() {
        return offset;
    }

    public String previousOffset() {
        return previousOffset;
    }

    public long ingestTime() {
        return ingestTime;
    }

    /** The {@code update} message: the channel's whole object after this change. */
    public byte[] full() {
        byte[] bytes = full;
        if (bytes == null) {
            // written at most a few times if threads race; every copy is the same bytes
            bytes = fullWriter.get();
            full = bytes;
        }
        return bytes;
    }

    /** The {@code patch} message, null when there is none (no previous state, or a tape). */
    public byte[] patch() {
        return patch;
    }

    /** The {@code dashboard_update} message (dashboard channel only), else null. */
    public byte[] legacy() {
        return legacy;
    }

    /**
     * The incremental message of a tape channel ({@code trade}), for a subscriber holding the tape at
     * {@link #previousOffset()}; null on every other channel.
     */
    public byte[] event() {
        return event;
    }
}
