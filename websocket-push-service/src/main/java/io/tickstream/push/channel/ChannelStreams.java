package io.tickstream.push.channel;

import io.tickstream.common.stream.Partitions;
import io.tickstream.common.stream.StreamKeys;

import java.util.List;

/**
 * Which stream a channel's updates come from: {@code ticker:<S>} from the partition of the quote stream
 * that holds {@code S} ({@link Partitions}), {@code dashboard} from the summary stream, {@code health}
 * from the health stream. A channel's offsets are entry ids of that one stream, and its epoch is that
 * stream's: when one partition starts over (its Redis master came back empty), only its channels reset.
 *
 * @param partitions the layout of the quote stream
 * @param marketData base name of the quote streams
 * @param dashboard  the summary stream
 * @param health     the health stream
 */
public record ChannelStreams(Partitions partitions, String marketData, String dashboard, String health) {

    /** The stream {@code channel} (a valid channel name) is fed from. */
    public String streamOf(String channel) {
        return switch (channel) {
            case ChannelNames.DASHBOARD -> dashboard;
            case ChannelNames.HEALTH -> health;
            default -> partitions.keyFor(marketData, channel.substring(ChannelNames.TICKER_PREFIX.length()));
        };
    }

    /** The stream a symbol's quotes are in. */
    public String streamOfSymbol(String symbol) {
        return partitions.keyFor(marketData, symbol);
    }

    /** Every stream the channels are fed from: the quote partitions, then the summary and health streams. */
    public List<String> all() {
        return StreamKeys.dataStreams(partitions, marketData, dashboard, health);
    }
}
