package io.tickstream.streams.tail;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link StreamTail} reads; build with {@link #builder}. Defaults in brackets.
 *
 * @param name               names the tail's thread and log lines
 * @param streams            the streams it reads
 * @param start              where it starts [{@link TailStart#latest()}]
 * @param epochKey           prefix of the Redis keys holding the epochs, one per read loop in its streams'
 *                           hash slot ({@code <epochKey>:{<tag>}}), each a random id created with
 *                           {@code SET NX} when absent, so it changes exactly when the Redis holding those
 *                           streams lost its data; checked before every read; null for no epoch [null]
 * @param block              how long one {@code XREAD BLOCK} waits on the tail's own connection; also how
 *                           often the epoch is checked when the streams are quiet [1 s]
 * @param batchSize          entries per read per stream ({@code COUNT}) [1,000]
 * @param retryDelay         pause after a failed round before the next [1 s]
 * @param restartCheckEvery  how often each stream is checked for ids that restarted below the tail's
 *                           position (the stream was deleted and created again): such a stream is read
 *                           again from its beginning [5 s]
 */
public record TailOptions(String name, List<String> streams, TailStart start, String epochKey, Duration block,
                          int batchSize, Duration retryDelay, Duration restartCheckEvery) {

    public TailOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(start, "start");
        streams = List.copyOf(streams);
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("a tail needs at least one stream");
        }
        if (block.isNegative() || block.isZero() || batchSize < 1) {
            throw new IllegalArgumentException("block must be positive and batchSize at least 1");
        }
    }

    public static Builder builder(String name, List<String> streams) {
        return new Builder(name, streams);
    }

    /** Builds {@link TailOptions}; every setter is optional. */
    public static final class Builder {
        private final String name;
        private final List<String> streams;
        private TailStart start = TailStart.latest();
        private String epochKey;
        private Duration block = Duration.ofSeconds(1);
        private int batchSize = 1_000;
        private Duration retryDelay = Duration.ofSeconds(1);
        private Duration restartCheckEvery = Duration.ofSeconds(5);

        private Builder(String name, List<String> streams) {
            this.name = name;
            this.streams = streams;
        }

        public Builder start(TailStart start) { this.start = start; return this; }
        public Builder epochKey(String epochKey) { this.epochKey = epochKey; return this; }
        public Builder block(Duration block) { this.block = block; return this; }
        public Builder batchSize(int batchSize) { this.batchSize = batchSize; return this; }
        public Builder retryDelay(Duration retryDelay) { this.retryDelay = retryDelay; return this; }
        public Builder restartCheckEvery(Duration every) { this.restartCheckEvery = every; return this; }

        public TailOptions build() {
            return new TailOptions(name, streams, start, epochKey, block, batchSize, retryDelay, restartCheckEvery);
        }
    }
}
