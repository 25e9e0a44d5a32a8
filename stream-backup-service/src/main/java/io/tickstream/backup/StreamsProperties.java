package io.tickstream.backup;

import io.tickstream.common.event.EventType;
import io.tickstream.common.stream.StreamKeys;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/**
 * The streams this service archives, trims and replays into, under {@code tickstream.backup.streams.}.
 * Tests point these at keys of their own.
 *
 * @param marketData quotes; default {@code crypto:market_data}
 * @param dashboard  market summaries; default {@code crypto:dashboard}
 * @param health     source health transitions; default {@code system:health}
 */
@Validated
@ConfigurationProperties("tickstream.backup.streams")
public record StreamsProperties(
        @DefaultValue(StreamKeys.MARKET_DATA) @NotBlank String marketData,
        @DefaultValue(StreamKeys.DASHBOARD) @NotBlank String dashboard,
        @DefaultValue(StreamKeys.HEALTH) @NotBlank String health) {

    /** The three data streams. */
    public List<String> all() {
        return List.of(marketData, dashboard, health);
    }

    /** The stream events of {@code type} belong to. */
    public String streamFor(EventType type) {
        return switch (type) {
            case QUOTE -> marketData;
            case MARKET_SUMMARY -> dashboard;
            case SOURCE_HEALTH -> health;
        };
    }
}
