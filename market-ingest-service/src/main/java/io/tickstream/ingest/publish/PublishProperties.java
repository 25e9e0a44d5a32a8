package io.tickstream.ingest.publish;

import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.Bar;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.Trade;
import io.tickstream.common.stream.Partitions;
import io.tickstream.common.stream.StreamKeys;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How events are appended, under {@code tickstream.ingest.publish.}.
 *
 * @param maxLength        soft cap per stream: beyond it, entries the archive group has committed are
 *                         trimmed ({@code XTRIM MINID ~} at the group's oldest pending entry), never
 *                         unarchived ones. The backup service owns regular trimming; this only keeps
 *                         archived history from piling up if it does not run. Without an archive group
 *                         the soft cap trims as {@code MAXLEN ~}. Default 500,000 entries
 * @param hardMaxLength    the memory guard: beyond it the oldest entries go even if unarchived, which is
 *                         counted ({@code tickstream.ingest.stream.guard.dropped}) and logged as an
 *                         error. Default 2,000,000 entries (~600 MB of quotes)
 * @param archiveGroup     the consumer group whose committed position bounds the soft cap; default
 *                         {@code backup}
 * @param batchSize        events per append script call (one stream per call); default 200
 * @param concurrency      script calls in flight at once per poll; Lettuce pipelines them on one
 *                         connection; default 8
 * @param marketDataStream base name of the quote streams; quotes go to its partitions by symbol
 *                         ({@code crypto:market_data:{p3}}, see {@code tickstream.streams.partitions});
 *                         default {@code crypto:market_data}
 * @param dashboardStream  stream of market summaries; default {@code crypto:dashboard}
 * @param healthStream     stream of source health transitions; default {@code system:health}
 * @param controlStream    stream of commands to the ingest service; default {@code tickstream:ingest:control}
 * @param waitReplicas     replicas that must have an append batch before it counts as done ({@code WAIT}
 *                         on the master's connection after each script call); default 0: Redis
 *                         replication is asynchronous, and a master killed right after an append can lose
 *                         what its replica had not received yet. 1 narrows that window to the
 *                         {@code waitTimeout} (measured cost in docs/benchmarks.md); it needs a replica
 *                         (Sentinel, or a cluster with replicas): with none every batch waits the full
 *                         timeout. A batch that times out short of it stays appended and is counted
 *                         ({@code tickstream.ingest.replication.short}): WAIT is not a transaction
 * @param waitTimeout      longest a {@code WAIT} blocks; default 100 ms
 * @param tradesStream     base name of the trade streams, partitioned by symbol like the quote streams;
 *                         default {@code crypto:trades}
 * @param barsStream       base name of the bar streams (history from a backfill), partitioned the same way;
 *                         default {@code crypto:bars}
 */
@Validated
@ConfigurationProperties("tickstream.ingest.publish")
public record PublishProperties(
        @DefaultValue("500000") @Min(1000) long maxLength,
        @DefaultValue("2000000") @Min(1000) long hardMaxLength,
        @DefaultValue("backup") @NotBlank String archiveGroup,
        @DefaultValue("200") @Min(1) int batchSize,
        @DefaultValue("8") @Min(1) int concurrency,
        @DefaultValue(StreamKeys.MARKET_DATA) @NotBlank String marketDataStream,
        @DefaultValue(StreamKeys.DASHBOARD) @NotBlank String dashboardStream,
        @DefaultValue(StreamKeys.HEALTH) @NotBlank String healthStream,
        @DefaultValue(StreamKeys.INGEST_CONTROL) @NotBlank String controlStream,
        @DefaultValue("0") @Min(0) int waitReplicas,
        @DefaultValue("100ms") Duration waitTimeout,
        @DefaultValue(StreamKeys.TRADES) @NotBlank String tradesStream,
        @DefaultValue(StreamKeys.BARS) @NotBlank String barsStream) {

    public PublishProperties {
        if (hardMaxLength < maxLength) {
            throw new IllegalArgumentException("publish.hard-max-length (" + hardMaxLength
                    + ") must be at least publish.max-length (" + maxLength + ")");
        }
    }

    /** The stream {@code event} is appended to: a quote or a trade to its symbol's partition. */
    public String streamFor(MarketEvent event, Partitions partitions) {
        return switch (event) {
            case Quote q -> partitions.keyFor(marketDataStream, q.symbol());
            case Trade t -> partitions.keyFor(tradesStream, t.symbol());
            case Bar b -> partitions.keyFor(barsStream, b.symbol());
            default -> streamFor(event.stream());
        };
    }

    /** The configured stream for a contract stream key that is not partitioned. */
    public String streamFor(String contractStream) {
        return switch (contractStream) {
            case StreamKeys.DASHBOARD -> dashboardStream;
            case StreamKeys.HEALTH -> healthStream;
            default -> throw new IllegalArgumentException("not a data stream: " + contractStream);
        };
    }

    /**
     * The hash next to {@code stream} holding, per event series, the last published source time and
     * value; same hash slot as the stream ({@link StreamKeys#companion}) so the append script stays
     * cluster-safe: {@code crypto:market_data:{p3}:ingest:last}, {@code {crypto:dashboard}:ingest:last}.
     */
    public static String lastSeenKey(String stream) {
        return StreamKeys.companion(stream, "ingest:last");
    }
}
