package io.tickstream.ingest.feed;

import io.tickstream.ingest.health.FeedModes;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.ingest.IngestProperties;
import io.tickstream.ingest.consensus.ConsensusPublisher;
import io.tickstream.ingest.feed.binance.BinanceFeedProtocol;
import io.tickstream.ingest.feed.binance.BinanceTradeGapFiller;
import io.tickstream.ingest.feed.coinbase.CoinbaseTradeGapFiller;
import io.tickstream.ingest.source.SourceHttpClientFactory;
import io.tickstream.ingest.feed.coinbase.CoinbaseFeedProtocol;
import io.tickstream.ingest.feed.kraken.KrakenFeedProtocol;
import io.tickstream.ingest.lease.LeaseKeeper;
import io.tickstream.ingest.publish.StreamPublisher;
import io.tickstream.ingest.source.SourceProperties;
import io.tickstream.ingest.feed.simulated.SimulatedVenueTransport;
import io.tickstream.ingest.source.SourcesProperties;
import io.tickstream.ingest.validate.ObservationValidator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One {@link FeedRunner} per feed in the {@link FeedCatalog}, over WebSocket. */
@Configuration(proxyBeanMethods = false)
class FeedsConfiguration {

    @Bean
    FeedRunners feedRunners(FeedCatalog catalog, FeedsProperties feeds, SourcesProperties sources, IngestProperties ingest,
                            LeaseKeeper leases, FeedModes modes, StreamPublisher publisher, ConsensusPublisher consensus,
                            ObservationValidator validator, SourceHttpClientFactory clients, Clock clock, MeterRegistry meters,
                            io.micrometer.tracing.Tracer tracer) {
        Map<String, ExchangeProtocol> protocols = Map.of(
                BinanceFeedProtocol.NAME, new BinanceFeedProtocol(),
                CoinbaseFeedProtocol.NAME, new CoinbaseFeedProtocol(),
                KrakenFeedProtocol.NAME, new KrakenFeedProtocol());
        Map<String, FeedsProperties.Feed> settings = Map.of(BinanceFeedProtocol.NAME, feeds.binance(),
                CoinbaseFeedProtocol.NAME, feeds.coinbase(), KrakenFeedProtocol.NAME, feeds.kraken());
        FeedTransport transport = new WebSocketTransport();
        List<FeedRunner> runners = new ArrayList<>();
        for (String name : catalog.names()) {
            if (!protocols.containsKey(name)) {
                continue;   // a simulated venue, below
            }
            SourceProperties source = sources.byName().get(name);
            runners.add(new FeedRunner(protocols.get(name), transport, feeds, settings.get(name), ingest.symbols(),
                    source.quoteCurrency().toUpperCase(Locale.ROOT), source.maxAge(), leases, modes, publisher, consensus,
                    validator, clock, meters, filler(name, source, clients), tracer));
        }
        FeedsProperties.Simulated simulated = feeds.simulated();
        if (simulated.enabled()) {
            FeedsProperties.Feed venueFeed = new FeedsProperties.Feed(true, java.net.URI.create("simulated://venue"),
                    simulated.tick().multipliedBy(10), java.time.Duration.ZERO, 300, java.time.Duration.ofMinutes(5),
                    java.time.Duration.ofSeconds(5));
            List<SimulatedVenueTransport.Venue> venues = List.of(
                    new SimulatedVenueTransport.Venue("sim-north", 4, 3, java.time.Duration.ofMillis(40), simulated.tradesPerSecond(),
                            simulated.meanUptime(), simulated.outage(), simulated.refusedShare()),
                    new SimulatedVenueTransport.Venue("sim-south", -6, 5, java.time.Duration.ofMillis(120), simulated.tradesPerSecond() * 0.6,
                            simulated.meanUptime().multipliedBy(2), simulated.outage(), simulated.refusedShare()),
                    new SimulatedVenueTransport.Venue("sim-east", 10, 8, java.time.Duration.ofMillis(250), simulated.tradesPerSecond() * 0.4,
                            simulated.meanUptime(), simulated.outage().multipliedBy(2), simulated.refusedShare()),
                    new SimulatedVenueTransport.Venue("sim-west", -2, 2, java.time.Duration.ofMillis(15), simulated.tradesPerSecond() * 1.5,
                            simulated.meanUptime().multipliedBy(3), simulated.outage(), simulated.refusedShare()));
            for (SimulatedVenueTransport.Venue venue : venues.subList(0, simulated.venues())) {
                runners.add(new FeedRunner(new BinanceFeedProtocol(venue.name()),
                        new SimulatedVenueTransport(venue, ingest.symbols(), simulated.tick(), clock), feeds, venueFeed,
                        ingest.symbols(), "USD", sources.simulated().maxAge(), leases, modes, publisher, consensus, validator,
                        clock, meters, null, tracer));
            }
        }
        return new FeedRunners(runners);
    }

    /** Where a venue serves its recent trades over REST, the filler of a feed's trade-id gaps. */
    private static TradeGapFiller filler(String name, SourceProperties source, SourceHttpClientFactory clients) {
        return switch (name) {
            case BinanceFeedProtocol.NAME -> new BinanceTradeGapFiller(clients.create(name, source));
            case CoinbaseFeedProtocol.NAME -> new CoinbaseTradeGapFiller(clients.create(name, source));
            default -> null; // Kraken: the trade channel's snapshot after a reconnect fills what was missed
        };
    }

    /**
     * The simulated venues have no polled side, so their feed's mode is their health: {@code up} while streaming,
     * {@code down} while not (the real venues' health comes from their polls).
     */
    @Bean
    VenueHealth venueHealth(FeedsProperties feeds, FeedModes modes, io.tickstream.ingest.health.SourceHealthTracker health) {
        return new VenueHealth(feeds.simulated().enabled() ? feeds.simulated().names() : List.of(), modes, health);
    }
}
