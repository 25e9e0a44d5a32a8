package io.tickstream.streams.config;

import io.tickstream.common.stream.Partitions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The layout of the streams every service shares, under {@code tickstream.streams.} (environment:
 * {@code TICKSTREAM_STREAMS_PARTITIONS}).
 *
 * @param partitions how many partitions the quote stream is split into by symbol ({@link Partitions}):
 *                   each a stream such as {@code crypto:market_data:{p3}} with a hash tag of its own, so they
 *                   spread over a Redis Cluster's masters; default 12 (even over 1, 2, 3, 4, 6 or 12
 *                   masters). Every service must be given the same number; changing it moves symbols
 *                   between partitions (see docs/operations.md, "Partitions")
 */
@ConfigurationProperties("tickstream.streams")
public record StreamLayoutProperties(
        @DefaultValue("" + Partitions.DEFAULT_COUNT) int partitions) {

    /** Validated at binding (the layer does not require a Bean Validation provider): 1 to 1,024. */
    public StreamLayoutProperties {
        new Partitions(partitions);
    }

    /** The partition layout these settings describe. */
    public Partitions layout() {
        return new Partitions(partitions);
    }
}
