package io.tickstream.ingest.feed;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.ingest.IngestProperties;
import io.tickstream.ingest.consensus.ConsensusPublisher;
import io.tickstream.ingest.feed.binance.BinanceFeedProtocol;
import io.tickstream.ingest.feed.coinbase.CoinbaseFeedProtocol;
import io.tickstream.ingest.feed.kraken.KrakenFeedProtocol;
import io.tickstream.ingest.lease.LeaseKeeper;
import io.tickstream.ingest.poll.PollScheduler;
import io.tickstream.ingest.publish.StreamPublisher;
import io.tickstream.ingest.source.SourceProperties;
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
                            ObservationValidator validator, PollScheduler polls, Clock clock, MeterRegistry meters) {
        Map<String, ExchangeProtocol> protocols = Map.of(
                BinanceFeedProtocol.NAME, new BinanceFeedProtocol(),
                CoinbaseFeedProtocol.NAME, new CoinbaseFeedProtocol(),
                KrakenFeedProtocol.NAME, new KrakenFeedProtocol());
        Map<String, FeedsProperties.Feed> settings = Map.of(BinanceFeedProtocol.NAME, feeds.binance(),
                CoinbaseFeedProtocol.NAME, feeds.coinbase(), KrakenFeedProtocol.NAME, feeds.kraken());
        FeedTransport transport = new WebSocketTransport();
        List<FeedRunner> runners = new ArrayList<>();
        for (String name : catalog.names()) {
            SourceProperties source = sources.byName().get(name);
            runners.add(new FeedRunner(protocols.get(name), transport, feeds, settings.get(name), ingest.symbols(),
                    source.quoteCurrency().toUpperCase(Locale.ROOT), source.maxAge(), leases, modes, publisher, consensus,
                    validator, polls::refresh, clock, meters));
        }
        return new FeedRunners(runners);
    }
}
