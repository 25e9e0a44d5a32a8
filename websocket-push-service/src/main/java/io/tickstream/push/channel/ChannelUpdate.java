package io.tickstream.push.channel;

/**
 * One change of one channel, serialized once and shared by all its subscribers.
 *
 * @param channel        the channel
 * @param offset         the stream entry id that made the change
 * @param previousOffset the channel's offset before, the object {@link #patch} applies to; null when
 *                       the channel had no state
 * @param ingestTime     the entry's ingest time (epoch ms), for the delivery latency
 * @param full           the {@code update} message
 * @param patch          the {@code patch} message, null when there was no previous state
 * @param legacy         the {@code dashboard_update} message (dashboard channel only), else null
 */
public record ChannelUpdate(String channel, String offset, String previousOffset, long ingestTime,
                            byte[] full, byte[] patch, byte[] legacy) {
}
