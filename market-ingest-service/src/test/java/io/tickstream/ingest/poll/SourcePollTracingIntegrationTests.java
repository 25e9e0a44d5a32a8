package io.tickstream.ingest.poll;

import io.tickstream.common.stream.Partitions;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
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
import io.tickstream.testkit.TestTracing;
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

/** The trace context a poll writes into its entries, on the real Redis with a recording tracer. */
class SourcePollTracingIntegrationTests {

    private static final String W3C = "00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]";

    private final RedisTemplates redis = new RedisTemplates();
    private final String prefix = TestKeys.unique("trace");
    private final PublishProperties streams = new PublishProperties(100_000, 1_000_000, "backup", 200, 8,
            prefix + ":md", prefix + ":d", prefix + ":h", prefix + ":c", 0, java.time.Duration.ofMillis(100), prefix + ":md" + ":t", prefix + ":md" + ":bars");
    private final Clock clock = Clock.systemUTC();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final StreamPublisher publisher = new StreamPublisher(redis.connections(), streams, Partitions.defaults(), meters);
    private final StreamReader reader = new StreamReader(redis.template());
    private TestTracing tracing;

    @AfterEach
    void cleanUp() {
        for (String partition : StreamReader.withPartitions(streams.marketDataStream())) {
            redis.template().delete(partition, PublishProperties.lastSeenKey(partition)).block();
        }
        redis.template().delete(streams.healthStream(), PublishProperties.lastSeenKey(streams.healthStream())).block();
        redis.close();
        tracing.close();
    }

    @Test
    void aSampledPollWritesItsAppendSpanIntoEveryEntryAndItsOwnIntoTheHealthEntry() {
        tracing = TestTracing.sampling();
        long now = clock.millis();
        poll("kraken", QuoteObservation.ofPrice("BTC", "USD", new BigDecimal("67000"), now - 1_000),
                QuoteObservation.ofPrice("ETH", "USD", new BigDecimal("3500"), now - 1_000));

        SpanData poll = single("ingest.poll");
        SpanData append = single("ingest.append");
        assertThat(poll.getParentSpanId()).as("a poll starts a trace").isEqualTo(SpanId.getInvalid());
        assertThat(poll.getAttributes().asMap().toString()).contains("source=kraken", "outcome=clean");
        assertThat(append.getTraceId()).isEqualTo(poll.getTraceId());
        assertThat(append.getParentSpanId()).isEqualTo(poll.getSpanId());
        assertThat(append.getAttributes().asMap().toString()).contains("events=2");
        assertThat(append.getEndEpochNanos()).as("ended after its appends").isLessThanOrEqualTo(poll.getEndEpochNanos());

        List<Quote> quotes = reader.quotes(streams.marketDataStream());
        assertThat(quotes).extracting(q -> q.meta().source()).contains("kraken", "consensus");
        assertThat(quotes).extracting(q -> q.meta().traceparent()).as("quotes and their consensus")
                .containsOnly("00-" + append.getTraceId() + "-" + append.getSpanId() + "-01");
        List<SourceHealthChanged> health = reader.health(streams.healthStream());
        assertThat(health).extracting(h -> h.meta().traceparent())
                .containsExactly("00-" + poll.getTraceId() + "-" + poll.getSpanId() + "-01");
    }

    @Test
    void eachPollIsATraceOfItsOwn() {
        tracing = TestTracing.sampling();
        long now = clock.millis();
        poll("kraken", QuoteObservation.ofPrice("BTC", "USD", new BigDecimal("67000"), now - 2_000));
        poll("kraken", QuoteObservation.ofPrice("BTC", "USD", new BigDecimal("67001"), now - 1_000));

        assertThat(tracing.spans("ingest.poll")).hasSize(2).extracting(SpanData::getTraceId).doesNotHaveDuplicates();
    }

    @Test
    void anUnsampledPollRecordsNothingAndMarksItsEntriesUnsampled() {
        tracing = TestTracing.notSampling();
        poll("coinbase", QuoteObservation.ofPrice("BTC", "USD", new BigDecimal("67100"), clock.millis() - 500));

        assertThat(tracing.spans()).isEmpty();
        List<MarketEvent> entries = reader.events(streams.marketDataStream());
        assertThat(entries).isNotEmpty().allSatisfy(event -> assertThat(event.meta().traceparent())
                .matches(W3C).endsWith("-00"));
        assertThat(reader.health(streams.healthStream())).allSatisfy(event -> assertThat(event.meta().traceparent())
                .matches(W3C).endsWith("-00"));
    }

    private SpanData single(String name) {
        assertThat(tracing.spans(name)).as(name).hasSize(1);
        return tracing.spans(name).getFirst();
    }

    private void poll(String name, QuoteObservation... quotes) {
        PollCollaborators with = new PollCollaborators(
                new ObservationValidator(new ValidationProperties(new BigDecimal("1E-12"), new BigDecimal("1E9"),
                        BigDecimal.valueOf(50), Duration.ofMinutes(10), Duration.ofMinutes(2)), clock, meters),
                publisher,
                new ConsensusPublisher(redis.template(), publisher, streams, Partitions.defaults(),
                        new ConsensusProperties(true, Set.of("USD", "USDT"), "USD", Duration.ofMinutes(2)), clock),
                new SourceHealthTracker(publisher, clock, meters), clock, meters, tracing.tracer());
        MarketSource source = new MarketSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Mono<SourceSnapshot> fetch() {
                return Mono.just(SourceSnapshot.ofQuotes(List.of(quotes), List.of()));
            }
        };
        SourcePoll poll = new SourcePoll(source, IngestFixtures.source("http://unused"),
                new SourceGuard(name, IngestFixtures.source("http://unused")), with);
        StepVerifier.create(poll.run()).assertNext(outcome -> assertThat(outcome.kind()).isEqualTo(PollOutcome.Kind.CLEAN))
                .verifyComplete();
    }
}
