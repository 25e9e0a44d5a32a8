package io.tickstream.ingest.poll;

import io.tickstream.common.stream.Partitions;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.SourceState;
import io.tickstream.ingest.IngestFixtures;
import io.tickstream.ingest.RedisTemplates;
import io.tickstream.ingest.StreamReader;
import io.tickstream.ingest.consensus.ConsensusProperties;
import io.tickstream.ingest.consensus.ConsensusPublisher;
import io.tickstream.ingest.health.PollOutcome;
import io.tickstream.ingest.health.SourceHealthTracker;
import io.tickstream.ingest.publish.PublishProperties;
import io.tickstream.ingest.publish.StreamPublisher;
import io.tickstream.ingest.resilience.SourceGuard;
import io.tickstream.ingest.source.MarketSource;
import io.tickstream.ingest.source.QuoteObservation;
import io.tickstream.ingest.source.SourceSnapshot;
import io.tickstream.ingest.validate.ObservationValidator;
import io.tickstream.ingest.validate.ValidationProperties;
import io.tickstream.testkit.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** One poll end to end on the real Redis: validation, stale flags, consensus and health together. */
class SourcePollIntegrationTests {

    private final RedisTemplates redis = new RedisTemplates();
    private final String prefix = TestKeys.unique("poll");
    private final PublishProperties streams = new PublishProperties(100_000, 1_000_000, "backup", 200, 8, prefix + ":md", prefix + ":d",
            prefix + ":h", prefix + ":c", 0, java.time.Duration.ofMillis(100), prefix + ":md" + ":t", prefix + ":md" + ":bars");
    private final Clock clock = Clock.systemUTC();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final StreamPublisher publisher = new StreamPublisher(redis.connections(), streams, Partitions.defaults(), meters);
    private final PollCollaborators with = new PollCollaborators(
            new ObservationValidator(new ValidationProperties(new BigDecimal("1E-12"), new BigDecimal("1E9"),
                    BigDecimal.valueOf(50), Duration.ofMinutes(10), Duration.ofMinutes(2)), clock, meters),
            publisher,
            new ConsensusPublisher(redis.template(), publisher, streams, Partitions.defaults(),
                    new ConsensusProperties(true, Set.of("USD", "USDT"), "USD", Duration.ofMinutes(2)), clock),
            new SourceHealthTracker(publisher, clock, meters), clock, meters, Tracer.NOOP);

    @AfterEach
    void cleanUp() {
        for (String partition : StreamReader.withPartitions(streams.marketDataStream())) {
            redis.template().delete(partition, PublishProperties.lastSeenKey(partition)).block();
        }
        redis.template().delete(streams.healthStream(), PublishProperties.lastSeenKey(streams.healthStream())).block();
        redis.close();
    }

    @Test
    void validStaleAndAbsurdQuotesOfOnePollGoWhereTheyBelong() {
        long now = clock.millis();
        poll("kraken", List.of(QuoteObservation.ofPrice("BTC", "USD", new BigDecimal("67000"), now - 1_000)));
        PollOutcome outcome = poll("coinbase", List.of(
                QuoteObservation.ofPrice("BTC", "USD", new BigDecimal("67100"), now - 500),
                QuoteObservation.ofPrice("ETH", "USD", new BigDecimal("3500"), now - Duration.ofMinutes(6).toMillis()),
                QuoteObservation.ofPrice("SOL", "USD", BigDecimal.ZERO, now)));

        assertThat(outcome.kind()).isEqualTo(PollOutcome.Kind.PARTIAL);
        assertThat(outcome.detail()).isEqualTo("1 rejected, 1 stale");
        StreamReader reader = new StreamReader(redis.template());
        List<Quote> quotes = reader.quotes(streams.marketDataStream());
        assertThat(quotes).filteredOn(q -> q.meta().source().equals("coinbase"))
                .extracting(Quote::symbol, Quote::stale)
                // BTC and ETH are in different partitions, appended concurrently: no order between them
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("BTC", false), org.assertj.core.groups.Tuple.tuple("ETH", true));
        Quote btcConsensus = quotes.stream().filter(q -> q.meta().source().equals("consensus") && q.symbol().equals("BTC"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(btcConsensus.price()).isEqualTo(new BigDecimal("67050"));
        assertThat(btcConsensus.consensus().sources()).isEqualTo(2);
        assertThat(quotes).as("a stale price makes no consensus")
                .noneMatch(q -> q.meta().source().equals("consensus") && q.symbol().equals("ETH"));

        // each source's first poll is announced with its state; only coinbase's data was not clean
        List<SourceHealthChanged> health = reader.health(streams.healthStream());
        assertThat(health).extracting(h -> h.meta().source(), SourceHealthChanged::state, SourceHealthChanged::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("kraken", SourceState.UP, "polling started"),
                        org.assertj.core.groups.Tuple.tuple("coinbase", SourceState.DEGRADED, "polling started: 1 rejected, 1 stale"));
    }

    @Test
    void theSamePollAnswerTwiceAppendsNothingTheSecondTime() {
        long now = clock.millis();
        List<QuoteObservation> answer = List.of(QuoteObservation.ofPrice("BTC", "USDT", new BigDecimal("67000"), now));
        poll("binance", answer);
        String btc = Partitions.defaults().keyFor(streams.marketDataStream(), "BTC");
        long length = redis.template().opsForStream().size(btc).block();
        assertThat(length).isPositive();
        poll("binance", answer);
        assertThat(redis.template().opsForStream().size(btc).block()).isEqualTo(length);
    }

    private PollOutcome poll(String name, List<QuoteObservation> quotes) {
        MarketSource source = new MarketSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Mono<SourceSnapshot> fetch() {
                return Mono.just(SourceSnapshot.ofQuotes(quotes, List.of()));
            }
        };
        SourcePoll poll = new SourcePoll(source, IngestFixtures.source("http://unused"),
                new SourceGuard(name, IngestFixtures.source("http://unused")), with);
        PollOutcome[] outcome = new PollOutcome[1];
        StepVerifier.create(poll.run()).consumeNextWith(o -> outcome[0] = o).verifyComplete();
        return outcome[0];
    }
}
