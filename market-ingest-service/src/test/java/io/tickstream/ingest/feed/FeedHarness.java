package io.tickstream.ingest.feed;

import io.tickstream.ingest.health.FeedModes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.Trade;
import io.tickstream.common.stream.Partitions;
import io.tickstream.ingest.IngestProperties;
import io.tickstream.ingest.RedisTemplates;
import io.tickstream.ingest.StreamReader;
import io.tickstream.ingest.consensus.ConsensusProperties;
import io.tickstream.ingest.consensus.ConsensusPublisher;
import io.tickstream.ingest.lease.LeaseKeeper;
import io.tickstream.ingest.lease.LeaseProperties;
import io.tickstream.ingest.publish.PublishProperties;
import io.tickstream.ingest.publish.StreamPublisher;
import io.tickstream.ingest.validate.ObservationValidator;
import io.tickstream.ingest.validate.ValidationProperties;
import io.tickstream.testkit.TestKeys;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A feed runner wired as the service wires it, on the real local Redis under keys of its own: lease keeper,
 * publisher, consensus, validator. Instances made from one harness share the streams and lease keys, as two
 * ingest instances do.
 */
public final class FeedHarness implements AutoCloseable {

    public final RedisTemplates redis = new RedisTemplates();
    public final String prefix = TestKeys.unique("feed");
    public final PublishProperties streams = new PublishProperties(100_000, 1_000_000, "backup", 200, 8, prefix + ":md",
            prefix + ":d", prefix + ":h", prefix + ":c", 0, Duration.ofMillis(100), prefix + ":tr", prefix + ":bars");
    public final LeaseProperties leaseProperties = new LeaseProperties(Duration.ofSeconds(2), Duration.ofMillis(300), prefix + ":lease:");
    final Clock clock = Clock.systemUTC();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final FeedModes modes = new FeedModes();
    final List<String> polls = new CopyOnWriteArrayList<>();
    /** The gap filler of the runners started from now on; none by default. */
    volatile TradeGapFiller filler;

    {
        modes.pollRequests().subscribe(polls::add);
    }
    private final List<AutoCloseable> running = new ArrayList<>();

    /** A runner of {@code protocol} against {@code url}, started, in an instance of its own named {@code instance}. */
    public Instance start(String instance, ExchangeProtocol protocol, URI url, List<String> symbols, String quote,
                   FeedsProperties.Feed settings, FeedsProperties feeds) {
        StreamPublisher publisher = new StreamPublisher(redis.connections(), streams, Partitions.defaults(), meters);
        LeaseKeeper leases = new LeaseKeeper(redis.template(), leaseProperties, new IngestProperties(symbols, instance),
                List.of(FeedRunner.leaseName(protocol.source())), clock, meters);
        ObservationValidator validator = new ObservationValidator(new ValidationProperties(new BigDecimal("1E-12"),
                new BigDecimal("1E9"), BigDecimal.valueOf(50), Duration.ofMinutes(10), Duration.ofMinutes(2)), clock, meters);
        ConsensusPublisher consensus = new ConsensusPublisher(redis.template(), publisher, streams, Partitions.defaults(),
                new ConsensusProperties(true, Set.of("USD", "USDT"), "USD", Duration.ofMinutes(2)), clock);
        FeedsProperties.Feed withUrl = new FeedsProperties.Feed(settings.enabled(), url, settings.silenceTimeout(),
                settings.maxLifetime(), settings.connectsPerWindow(), settings.connectWindow(), settings.connectTimeout());
        FeedRunner runner = new FeedRunner(protocol, new WebSocketTransport(), feeds, withUrl, symbols, quote,
                Duration.ofMinutes(5), leases, modes, publisher, consensus, validator, clock, meters, filler,
                io.micrometer.tracing.Tracer.NOOP);
        leases.start();
        runner.start();
        Instance started = new Instance(leases, runner);
        running.add(started);
        return started;
    }

    public static FeedsProperties.Feed settings(Duration silence, Duration maxLifetime) {
        return new FeedsProperties.Feed(true, null, silence, maxLifetime, 300, Duration.ofMinutes(5), Duration.ofSeconds(5));
    }

    public static FeedsProperties feeds() {
        return feeds(500);
    }

    /** {@link #feeds()} with {@code batchSize} events per append round. */
    public static FeedsProperties feeds(int batchSize) {
        FeedsProperties.Feed off = settings(Duration.ofSeconds(30), Duration.ZERO);
        return new FeedsProperties(off, off, off, Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(60),
                50_000, batchSize, new FeedsProperties.Simulated(false, 4, Duration.ofSeconds(1), 2, Duration.ofMinutes(3),
                Duration.ofSeconds(20), 0.1));
    }

    List<Trade> trades(String symbol) {
        return events(streams.tradesStream(), symbol).stream().filter(Trade.class::isInstance).map(Trade.class::cast).toList();
    }

    List<Quote> quotes(String symbol, String source) {
        return events(streams.marketDataStream(), symbol).stream().filter(Quote.class::isInstance).map(Quote.class::cast)
                .filter(q -> q.meta().source().equals(source)).toList();
    }

    private List<MarketEvent> events(String base, String symbol) {
        return new StreamReader(redis.template()).events(Partitions.defaults().keyFor(base, symbol));
    }

    public double counter(String name, String feed) {
        var counter = meters.find(name).tag("feed", feed).counter();
        return counter == null ? 0 : counter.count();
    }

    public double reconnects(String feed, String reason) {
        var counter = meters.find("tickstream.ingest.feed.reconnects").tag("feed", feed).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** One instance's lease keeper and runner. */
    public record Instance(LeaseKeeper leases, FeedRunner runner) implements AutoCloseable {
        @Override
        public void close() {
            runner.stop();
            leases.stop();
        }
    }

    @Override
    public void close() {
        for (AutoCloseable instance : running) {
            try {
                instance.close();
            } catch (Exception e) {
                // closing the others matters more
            }
        }
        List<String> keys = new ArrayList<>();
        for (String base : List.of(streams.marketDataStream(), streams.tradesStream())) {
            for (String partition : Partitions.defaults().keys(base)) {
                keys.add(partition);
                keys.add(PublishProperties.lastSeenKey(partition));
            }
        }
        redis.template().delete(keys.toArray(String[]::new)).block();
        redis.template().keys(prefix + "*").flatMap(redis.template()::delete).blockLast();
        redis.close();
    }
}
