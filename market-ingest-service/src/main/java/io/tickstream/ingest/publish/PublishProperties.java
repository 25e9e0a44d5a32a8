package io.tickstream.ingest.publish;

import io.tickstream.common.stream.StreamKeys;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
 * @param marketDataStream stream of quotes; default {@code crypto:market_data}
 * @param dashboardStream  stream of market summaries; default {@code crypto:dashboard}
 * @param healthStream     stream of source health transitions; default {@code system:health}
 * @param controlStream    stream of commands to the ingest service; default {@code tickstream:ingest:control}
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
        @DefaultValue(StreamKeys.INGEST_CONTROL) @NotBlank String controlStream) {

    public PublishProperties {
        if (hardMaxLength < maxLength) {
            throw new IllegalArgumentException("publish.hard-max-length (" + hardMaxLength
                    + ") must be at least publish.max-length (" + maxLength + ")");
        }
    }

    /** The configured stream for an event's contract stream key. */
    public String streamFor(String contractStream) {
        return switch (contractStream) {
            case StreamKeys.MARKET_DATA -> marketDataStream;
            case StreamKeys.DASHBOARD -> dashboardStream;
            case StreamKeys.HEALTH -> healthStream;
            default -> throw new IllegalArgumentException("not a data stream: " + contractStream);
        };
    }

    /**
     * The hash next to {@code stream} holding, per event series, the last published source time and
     * value; same hash slot as the stream so the append script stays cluster-safe.
     */
    public static String lastSeenKey(String stream) {
        return "{" + stream + "}:ingest:last";
    }
}
