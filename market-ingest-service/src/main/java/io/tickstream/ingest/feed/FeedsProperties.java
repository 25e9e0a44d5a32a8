package io.tickstream.ingest.feed;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;

/**
 * The venues' live WebSocket feeds, under {@code tickstream.ingest.feeds.}. A feed runs when it is enabled
 * <em>and</em> its polled source ({@code tickstream.ingest.sources.<name>.enabled}) is: the two share the
 * source's name, symbols, quote currency and health. Environment variables override any of them, e.g.
 * {@code TICKSTREAM_INGEST_FEEDS_BINANCE_ENABLED=false}, {@code TICKSTREAM_INGEST_FEEDS_KRAKEN_URL=ws://127.0.0.1:9000/v2}.
 *
 * @param binance           Binance spot combined streams; default URL {@code wss://stream.binance.com:9443}
 * @param coinbase          Coinbase Exchange; default URL {@code wss://ws-feed.exchange.coinbase.com}
 * @param kraken            Kraken v2; default URL {@code wss://ws.kraken.com/v2}
 * @param reconnectMin      first reconnect delay; later ones double up to {@code reconnectMax}, each drawn
 *                          uniformly below its bound ("full jitter"); default 500ms
 * @param reconnectMax      cap of the reconnect delay; default 30s
 * @param reconcileInterval while a source's feed streams, its REST poll runs this seldom (to reconcile what a
 *                          feed does not carry, such as market cap); when the feed is down, polling goes back to
 *                          the source's poll interval; default 60s
 * @param tradeBuffer       trades held between the sockets and the append; when full, the feed reconnects (counted
 *                          as {@code tickstream.ingest.feed.overflow}) rather than drop a trade; default 50,000
 * @param batchSize         events per append call; default 500
 * @param simulated         the offline market's simulated venues (the {@code simulated} profile turns them on)
 */
@Validated
@ConfigurationProperties("tickstream.ingest.feeds")
public record FeedsProperties(
        @DefaultValue @Valid @NotNull Feed binance,
        @DefaultValue @Valid @NotNull Feed coinbase,
        @DefaultValue @Valid @NotNull Feed kraken,
        @DefaultValue("500ms") @NotNull Duration reconnectMin,
        @DefaultValue("30s") @NotNull Duration reconnectMax,
        @DefaultValue("60s") @NotNull Duration reconcileInterval,
        @DefaultValue("50000") @Min(100) int tradeBuffer,
        @DefaultValue("500") @Min(1) int batchSize,
        @DefaultValue @Valid @NotNull Simulated simulated) {

    public FeedsProperties {
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("feeds.reconnect-max must be at least feeds.reconnect-min");
        }
    }

    /**
     * The simulated venues: {@code sim-north}, {@code sim-south}, {@code sim-east}, {@code sim-west} (as many as
     * {@code venues}), each streaming tickers and trades of every tracked symbol in USD with its own price offset,
     * noise, latency, occasional outages and refused (429) connections.
     *
     * @param enabled         stream them; default false ({@code application-simulated.yml} turns them on)
     * @param venues          how many, 1 to 4; default 4
     * @param tick            time between a venue's ticker rounds; default 1s
     * @param tradesPerSecond mean trades per second per symbol and venue; default 2
     * @param meanUptime      mean time before a venue drops a connection; default 3m
     * @param outage          how long a venue stays down after a drop; default 20s
     * @param refusedShare    share of connection attempts a venue refuses as rate limited; default 0.1
     */
    public record Simulated(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("4") @Min(1) @jakarta.validation.constraints.Max(4) int venues,
            @DefaultValue("1s") @NotNull Duration tick,
            @DefaultValue("2") double tradesPerSecond,
            @DefaultValue("3m") @NotNull Duration meanUptime,
            @DefaultValue("20s") @NotNull Duration outage,
            @DefaultValue("0.1") double refusedShare) {

        /** The venue names in use. */
        public java.util.List<String> names() {
            return java.util.List.of("sim-north", "sim-south", "sim-east", "sim-west").subList(0, venues);
        }
    }

    /**
     * One venue's feed.
     *
     * @param enabled           stream this venue; default true (it still needs its source enabled)
     * @param url               the WebSocket base URL; the venue's documented one by default ({@code application.yml})
     * @param silenceTimeout    no frame for this long (data, heartbeat or ping) and the connection is replaced; default 30s
     * @param maxLifetime       a connection is replaced after this long, the new one up before the old one closes
     *                          (Binance ends connections at 24 h: 23h there); 0 for never; default 0
     * @param connectsPerWindow connection attempts allowed per {@code connectWindow} (Binance: 300 per 5 minutes
     *                          per IP); default 300
     * @param connectWindow     the window of {@code connectsPerWindow}; default 5m
     * @param connectTimeout    bound on opening a connection and its handshake; default 10s
     */
    public record Feed(
            @DefaultValue("true") boolean enabled,
            URI url,
            @DefaultValue("30s") @NotNull Duration silenceTimeout,
            @DefaultValue("0s") @NotNull Duration maxLifetime,
            @DefaultValue("300") @Min(1) int connectsPerWindow,
            @DefaultValue("5m") @NotNull Duration connectWindow,
            @DefaultValue("10s") @NotNull Duration connectTimeout) {
    }
}
