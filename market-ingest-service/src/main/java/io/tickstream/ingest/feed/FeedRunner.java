package io.tickstream.ingest.feed;

import io.tickstream.ingest.health.FeedModes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.ingest.consensus.ConsensusPublisher;
import io.tickstream.ingest.lease.LeaseKeeper;
import io.tickstream.ingest.lease.LeaseNames;
import io.tickstream.ingest.publish.StreamPublisher;
import io.tickstream.ingest.validate.ObservationValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One venue's live feed: connected only while this instance holds the feed's lease ({@code feed:<source>}),
 * so one instance streams each venue and a survivor takes over within the lease TTL. The tracked markets are
 * split over as many connections as the venue's streams-per-connection limit asks for. While any connection
 * delivers, the source is {@code streaming} ({@link FeedModes}); a trade-id gap asks for a REST poll of the
 * source (at most one per 10 s) to resynchronize what the poll carries.
 */
public final class FeedRunner {

    private static final Logger log = LoggerFactory.getLogger(FeedRunner.class);
    private static final Duration CHECK_EVERY = Duration.ofMillis(500);
    private static final long RESYNC_EVERY_MS = 10_000;

    private final String source;
    private final LeaseKeeper leases;
    private final FeedModes modes;
    private final Clock clock;
    private final List<FeedConnection> connections = new ArrayList<>();
    private final FeedPipeline pipeline;
    private volatile boolean connected;
    private volatile Disposable loop;
    private volatile long lastResync;
    private final TradeGapFiller filler;
    private final FeedMetrics metrics;

    public FeedRunner(ExchangeProtocol protocol, FeedTransport transport, FeedsProperties feeds, FeedsProperties.Feed settings,
                      List<String> symbols, String quote, Duration maxAge, LeaseKeeper leases, FeedModes modes,
                      StreamPublisher publisher, ConsensusPublisher consensus, ObservationValidator validator,
                      Clock clock, MeterRegistry meters, TradeGapFiller filler, io.micrometer.tracing.Tracer tracer) {
        this.source = protocol.source();
        this.leases = leases;
        this.modes = modes;
        this.clock = clock;
        this.filler = filler;
        FeedMetrics metrics = new FeedMetrics(meters, source);
        this.metrics = metrics;
        this.pipeline = new FeedPipeline(source, publisher, consensus, validator, maxAge, clock, metrics,
                feeds.tradeBuffer(), feeds.batchSize(), tracer);
        FeedContext context = new FeedContext(source, protocol, transport, feeds, settings,
                new ConnectionBudget(settings.connectsPerWindow(), settings.connectWindow(), clock), pipeline,
                new TradeSequences(), metrics, clock, this);
        int perConnection = Math.max(1, protocol.maxStreamsPerConnection() / protocol.streamsPerMarket());
        List<FeedMarket> markets = symbols.stream().map(s -> protocol.market(s, quote)).toList();
        for (int from = 0; from < markets.size(); from += perConnection) {
            connections.add(new FeedConnection(context, markets.subList(from, Math.min(markets.size(), from + perConnection))));
        }
        Gauge.builder("tickstream.ingest.feed.streaming", () -> modes.isStreaming(source) ? 1 : 0).tag("feed", source)
                .description("1 while the feed delivers data").register(meters);
        Gauge.builder("tickstream.ingest.feed.buffered", pipeline::waiting).tag("feed", source)
                .description("tickers and trades waiting for the append").register(meters);
    }

    /** The lease that decides which instance streams this venue. */
    public static String leaseName(String source) {
        return LeaseNames.feed(source);
    }

    public String source() {
        return source;
    }

    /** How many connections the markets are split over. */
    public int connectionCount() {
        return connections.size();
    }

    public void start() {
        loop = Flux.interval(Duration.ZERO, CHECK_EVERY).onBackpressureDrop().subscribe(tick -> followLease());
        log.info("feed {}: {} markets over {} connection(s), while this instance holds its lease", source,
                connections.stream().mapToInt(c -> c.markets().size()).sum(), connections.size());
    }

    private synchronized void followLease() {
        boolean held = leases.isHeld(leaseName(source));
        if (held && !connected) {
            connected = true;
            log.info("feed {}: lease held, connecting", source);
            connections.forEach(FeedConnection::start);
        } else if (!held && connected) {
            log.info("feed {}: lease not held, disconnecting", source);
            disconnect();
        }
    }

    private void disconnect() {
        connected = false;
        connections.forEach(FeedConnection::close);
        modeChanged();
    }

    void modeChanged() {
        modes.set(source, connected && connections.stream().anyMatch(FeedConnection::isLive));
    }

    /**
     * A jump in a market's trade ids: the missing trades are fetched over REST where the venue serves them
     * ({@link TradeGapFiller}, within the source's budget) and appended unchecked (they are older than what the
     * series has seen; the archive's key stops a repeat); without a filler, or when it fails, the source is polled
     * to resynchronize its quotes.
     */
    void gap(FeedMarket market, TradeSequences.Verdict.Gap gap) {
        if (filler == null) {
            resync("trade ids of " + market.symbol() + "/" + market.quote() + " skipped " + gap.missing());
            return;
        }
        filler.missing(market, gap.lastSeen(), gap.next())
                .timeout(Duration.ofSeconds(15))
                .flatMap(trades -> pipeline.appendGapFill(trades).thenReturn(trades.size()))
                .subscribe(filled -> {
                    metrics.gapFilled.increment(filled);
                    log.info("feed {}: {} of {} missing trades of {} filled over REST", source, filled, gap.missing(),
                            market.venueName());
                }, e -> {
                    log.warn("feed {}: filling {} missing trades of {} failed: {}", source, gap.missing(),
                            market.venueName(), e.toString());
                    resync("trade gap fill failed");
                });
    }

    void resync(String why) {
        long now = clock.millis();
        if (now - lastResync >= RESYNC_EVERY_MS) {
            lastResync = now;
            log.info("feed {}: {}; polling the source to resynchronize", source, why);
            modes.requestPoll(source);
        }
    }

    public synchronized void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        disconnect();
    }

    public boolean isRunning() {
        Disposable running = loop;
        return running != null && !running.isDisposed();
    }
}
