package io.tickstream.streams.group;

import io.tickstream.streams.StreamIds;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a {@link GroupConsumer} reads; build with {@link #builder}. Defaults in brackets.
 *
 * @param group                the consumer group
 * @param consumer             this member's consumer name (a pod that comes back under the same name
 *                             finishes its own pending entries first)
 * @param streams              the streams it reads, one loop each
 * @param startAt              where the group starts when it is created (at start, and again after
 *                             {@code NOGROUP}) [{@code 0}: the whole stream]
 * @param batchSize            most entries per read and per handler call [500]
 * @param block                longest a read blocks waiting for entries: the longest a lone entry waits
 *                             [200 ms]
 * @param handleTimeout        longest a handler call may take before the round counts as failed [30 s]
 * @param maxDeliveries        deliveries after which an entry the handler keeps retrying is dead-lettered [5]
 * @param redeliveryDelay      pause before entries left pending by a handler are read again [1 s]
 * @param claimMinIdle         idle time after which another consumer's pending entry is taken over [60 s]
 * @param claimInterval        how often idle pending entries are looked for (and the gauges sampled) [15 s]
 * @param backoffMin           first pause after a failed round; doubles per failure [200 ms]
 * @param backoffMax           longest pause between attempts [10 s]
 * @param deadLetterMaxLength  approximate cap of each dead-letter stream [100,000]
 * @param forgetConsumersAfter consumers with nothing pending and idle this long (replaced pods) are
 *                             removed from the group [24 h]
 * @param drainTimeout         how long a stop waits for the batches in hand [15 s]
 * @param metricPrefix         prefix of the meters ({@code <prefix>.reclaimed} ...) [{@code tickstream.streams.<group>}]
 */
public record GroupOptions(String group, String consumer, List<String> streams, Supplier<String> startAt,
                           int batchSize, Duration block, Duration handleTimeout, int maxDeliveries,
                           Duration redeliveryDelay, Duration claimMinIdle, Duration claimInterval,
                           Duration backoffMin, Duration backoffMax, long deadLetterMaxLength,
                           Duration forgetConsumersAfter, Duration drainTimeout, String metricPrefix) {

    public GroupOptions {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(consumer, "consumer");
        streams = List.copyOf(streams);
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("a group consumer needs at least one stream");
        }
        if (batchSize < 1 || maxDeliveries < 1) {
            throw new IllegalArgumentException("batchSize and maxDeliveries must be at least 1");
        }
        if (block.isNegative() || block.isZero()) {
            throw new IllegalArgumentException("block must be positive, was " + block);
        }
    }

    public static Builder builder(String group, String consumer, List<String> streams) {
        return new Builder(group, consumer, streams);
    }

    /** Builds {@link GroupOptions}; every setter is optional. */
    public static final class Builder {
        private final String group;
        private final String consumer;
        private final List<String> streams;
        private Supplier<String> startAt = () -> StreamIds.ZERO;
        private int batchSize = 500;
        private Duration block = Duration.ofMillis(200);
        private Duration handleTimeout = Duration.ofSeconds(30);
        private int maxDeliveries = 5;
        private Duration redeliveryDelay = Duration.ofSeconds(1);
        private Duration claimMinIdle = Duration.ofSeconds(60);
        private Duration claimInterval = Duration.ofSeconds(15);
        private Duration backoffMin = Duration.ofMillis(200);
        private Duration backoffMax = Duration.ofSeconds(10);
        private long deadLetterMaxLength = 100_000;
        private Duration forgetConsumersAfter = Duration.ofHours(24);
        private Duration drainTimeout = Duration.ofSeconds(15);
        private String metricPrefix;

        private Builder(String group, String consumer, List<String> streams) {
            this.group = group;
            this.consumer = consumer;
            this.streams = streams;
        }

        public Builder startAt(Supplier<String> startAt) { this.startAt = startAt; return this; }
        public Builder batchSize(int batchSize) { this.batchSize = batchSize; return this; }
        public Builder block(Duration block) { this.block = block; return this; }
        public Builder handleTimeout(Duration handleTimeout) { this.handleTimeout = handleTimeout; return this; }
        public Builder maxDeliveries(int maxDeliveries) { this.maxDeliveries = maxDeliveries; return this; }
        public Builder redeliveryDelay(Duration delay) { this.redeliveryDelay = delay; return this; }
        public Builder claimMinIdle(Duration idle) { this.claimMinIdle = idle; return this; }
        public Builder claimInterval(Duration interval) { this.claimInterval = interval; return this; }
        public Builder backoff(Duration min, Duration max) { this.backoffMin = min; this.backoffMax = max; return this; }
        public Builder deadLetterMaxLength(long max) { this.deadLetterMaxLength = max; return this; }
        public Builder forgetConsumersAfter(Duration after) { this.forgetConsumersAfter = after; return this; }
        public Builder drainTimeout(Duration timeout) { this.drainTimeout = timeout; return this; }
        public Builder metricPrefix(String prefix) { this.metricPrefix = prefix; return this; }

        public GroupOptions build() {
            return new GroupOptions(group, consumer, streams, startAt, batchSize, block, handleTimeout, maxDeliveries,
                    redeliveryDelay, claimMinIdle, claimInterval, backoffMin, backoffMax, deadLetterMaxLength,
                    forgetConsumersAfter, drainTimeout, metricPrefix == null ? "tickstream.streams." + group : metricPrefix);
        }
    }
}
