package io.tickstream.ingest.feed;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/** The meters of one feed, tagged {@code feed=<source>}. */
final class FeedMetrics {

    final Counter frames;
    final Counter malformed;
    final Counter venueErrors;
    final Counter tickers;
    final Counter conflated;
    final Counter trades;
    final Counter repeats;
    final Counter gaps;
    final Counter missing;
    final Counter overflow;
    final Counter gapFilled;
    final Counter appendErrors;
    final Timer latency;
    private final MeterRegistry registry;
    private final String feed;

    FeedMetrics(MeterRegistry registry, String feed) {
        this.registry = registry;
        this.feed = feed;
        frames = counter("tickstream.ingest.feed.frames", "frames received");
        malformed = counter("tickstream.ingest.feed.malformed", "frames that did not decode (skipped, never fatal)");
        venueErrors = counter("tickstream.ingest.feed.venue.errors", "error messages from the venue");
        tickers = counter("tickstream.ingest.feed.tickers", "ticker updates received");
        conflated = counter("tickstream.ingest.feed.conflated", "ticker updates replaced by a newer one of the same market before the append");
        trades = counter("tickstream.ingest.feed.trades", "trades received");
        repeats = counter("tickstream.ingest.feed.trade.repeats", "trades dropped as already seen (reconnect overlap, snapshot)");
        gaps = counter("tickstream.ingest.feed.gaps", "jumps in a market's trade ids");
        missing = counter("tickstream.ingest.feed.gap.trades", "trade ids missing in those jumps");
        gapFilled = counter("tickstream.ingest.feed.gap.filled", "missing trades fetched over REST and appended");
        overflow = counter("tickstream.ingest.feed.overflow", "times the trade buffer filled and the feed reconnected");
        appendErrors = counter("tickstream.ingest.feed.append.errors", "append calls that failed (their events are retried)");
        latency = Timer.builder("tickstream.ingest.feed.latency").tag("feed", feed)
                .description("frame receipt to XADD acknowledged").publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(Duration.ofMinutes(1)).register(registry);
    }

    Counter reconnects(String reason) {
        return Counter.builder("tickstream.ingest.feed.reconnects").tag("feed", feed).tag("reason", reason)
                .description("connections replaced, by reason").register(registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).tag("feed", feed).description(description).register(registry);
    }
}
