package io.tickstream.query.state;

import io.tickstream.common.stream.Partitions;
import io.tickstream.common.stream.StreamKeys;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The streams the query service reads and the shared state it keeps, {@code tickstream.query.streams.*}.
 *
 * @param marketData       base name of the quote streams (one per partition, {@code tickstream.streams.partitions}),
 *                         default {@link StreamKeys#MARKET_DATA}
 * @param dashboard        market summary stream, default {@link StreamKeys#DASHBOARD}
 * @param health           source health stream, default {@link StreamKeys#HEALTH}
 * @param control          ingest control stream (refresh commands), default {@link StreamKeys#INGEST_CONTROL}
 * @param group            consumer group that writes the shared L2 state, default {@code query}
 * @param stateKeyPrefix   prefix of the L2 state hashes, default {@code tickstream:query:state}; each stream's
 *                         hashes carry its hash tag ({@code tickstream:query:state:{p3}:quotes}), so the state
 *                         script names keys of one slot
 * @param block            longest one blocking read (the group's XREADGROUP, the tail's XREAD, each on a
 *                         connection of its own in the streams layer) waits for new entries, default
 *                         200 ms: an entry is handed over as soon as it is appended, so this bounds only how
 *                         often a quiet loop goes round and how long a stop waits for the read in hand
 *                         (keep it well below {@code spring.data.redis.timeout}, 2 s)
 * @param batchSize        entries per read and stream, default 500 (a full batch is followed at once by
 *                         the next)
 * @param bootstrapWindow  where the group starts when it is created: this far back, default 1 h (the
 *                         latest quote of every series is in it; no full replay of a long stream)
 * @param tailOverlap      a new instance tails from its snapshot's position minus this, default 5 s:
 *                         entries a slower group consumer had not written yet are applied again
 *                         (harmless: only newer source times replace)
 * @param reclaimIdle      pending group entries idle this long are claimed by a live consumer, default 60 s
 * @param forgetConsumersAfter consumers of the group with nothing pending and idle this long are removed
 *                         from it, default 1 h: every start joins as a new consumer ({@code query-<random>}),
 *                         so the members of stopped or replaced instances would otherwise accumulate
 */
@Validated
@ConfigurationProperties("tickstream.query.streams")
public record StreamsProperties(
        @DefaultValue(StreamKeys.MARKET_DATA) @NotBlank String marketData,
        @DefaultValue(StreamKeys.DASHBOARD) @NotBlank String dashboard,
        @DefaultValue(StreamKeys.HEALTH) @NotBlank String health,
        @DefaultValue(StreamKeys.INGEST_CONTROL) @NotBlank String control,
        @DefaultValue("query") @NotBlank String group,
        @DefaultValue("tickstream:query:state") @NotBlank String stateKeyPrefix,
        @DefaultValue("200ms") Duration block,
        @DefaultValue("500") @Min(1) @Max(10_000) int batchSize,
        @DefaultValue("1h") Duration bootstrapWindow,
        @DefaultValue("5s") Duration tailOverlap,
        @DefaultValue("60s") Duration reclaimIdle,
        @DefaultValue("1h") Duration forgetConsumersAfter) {

    /** The data streams: every partition of the quote stream, then the summary and health streams. */
    public java.util.List<String> dataStreams(Partitions partitions) {
        return StreamKeys.dataStreams(partitions, marketData, dashboard, health);
    }
}
