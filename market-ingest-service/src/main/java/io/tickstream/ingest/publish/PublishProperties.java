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
 * @param maxLength        hard cap per stream, applied with approximate trimming ({@code MAXLEN ~}) on
 *                         every XADD. A last-resort memory guard only: the backup service owns regular
 *                         trimming behind what it has archived. Default 500,000 entries (~150 MB for quotes)
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
        @DefaultValue("200") @Min(1) int batchSize,
        @DefaultValue("8") @Min(1) int concurrency,
        @DefaultValue(StreamKeys.MARKET_DATA) @NotBlank String marketDataStream,
        @DefaultValue(StreamKeys.DASHBOARD) @NotBlank String dashboardStream,
        @DefaultValue(StreamKeys.HEALTH) @NotBlank String healthStream,
        @DefaultValue(StreamKeys.INGEST_CONTROL) @NotBlank String controlStream) {

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
