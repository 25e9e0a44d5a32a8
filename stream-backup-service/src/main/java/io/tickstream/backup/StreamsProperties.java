package io.tickstream.backup;

import io.tickstream.common.event.Bar;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.Trade;
import io.tickstream.common.stream.Partitions;
import io.tickstream.common.stream.StreamKeys;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.ArrayList;
import java.util.List;

/**
 * The streams this service archives, trims and replays into, under {@code tickstream.backup.streams.}.
 * Tests point these at keys of their own.
 *
 * @param marketData base name of the quote streams, one per partition ({@code crypto:market_data:{p3}},
 *                   {@code tickstream.streams.partitions}); default {@code crypto:market_data}
 * @param dashboard  market summaries; default {@code crypto:dashboard}
 * @param health     source health transitions; default {@code system:health}
 * @param trades     base name of the trade streams, partitioned by symbol exactly like {@code marketData}
 *                   ({@code crypto:trades:{p3}}); default {@code crypto:trades}
 * @param bars       base name of the bar streams (the backfill's closed 1-minute bars, which become candles),
 *                   partitioned like {@code marketData} ({@code crypto:bars:{p3}}); default {@code crypto:bars}
 */
@Validated
@ConfigurationProperties("tickstream.backup.streams")
public record StreamsProperties(
        @DefaultValue(StreamKeys.MARKET_DATA) @NotBlank String marketData,
        @DefaultValue(StreamKeys.DASHBOARD) @NotBlank String dashboard,
        @DefaultValue(StreamKeys.HEALTH) @NotBlank String health,
        @DefaultValue(StreamKeys.TRADES) @NotBlank String trades,
        @DefaultValue(StreamKeys.BARS) @NotBlank String bars) {

    /**
     * The data streams, each archived, trimmed and inspected alike: every partition of the quote stream, the
     * summary and health streams, then every partition of the trade stream, then of the bar stream.
     */
    public List<String> all(Partitions partitions) {
        List<String> all = new ArrayList<>(StreamKeys.dataStreams(partitions, marketData, dashboard, health));
        all.addAll(partitions.keys(trades));
        all.addAll(partitions.keys(bars));
        return List.copyOf(all);
    }

    /** The stream {@code event} belongs to: a quote's or a trade's is its symbol's partition. */
    public String streamFor(MarketEvent event, Partitions partitions) {
        return switch (event) {
            case Quote q -> partitions.keyFor(marketData, q.symbol());
            case MarketSummary s -> dashboard;
            case SourceHealthChanged h -> health;
            case Trade t -> partitions.keyFor(trades, t.symbol());
            case Bar b -> partitions.keyFor(bars, b.symbol());
        };
    }
}
