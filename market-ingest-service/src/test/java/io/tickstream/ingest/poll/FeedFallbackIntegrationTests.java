package io.tickstream.ingest.poll;

import io.micrometer.tracing.Tracer;
import io.tickstream.common.stream.Partitions;
import io.tickstream.ingest.IngestFixtures;
import io.tickstream.ingest.IngestProperties;
import io.tickstream.ingest.consensus.ConsensusProperties;
import io.tickstream.ingest.consensus.ConsensusPublisher;
import io.tickstream.ingest.feed.BinanceFeedIntegrationTests;
import io.tickstream.ingest.feed.FakeExchange;
import io.tickstream.ingest.feed.FeedHarness;
import io.tickstream.ingest.health.FeedModes;
import io.tickstream.ingest.feed.binance.BinanceFeedProtocol;
import io.tickstream.ingest.health.SourceHealthTracker;
import io.tickstream.ingest.lease.LeaseKeeper;
import io.tickstream.ingest.publish.StreamPublisher;
import io.tickstream.ingest.resilience.SourceGuard;
import io.tickstream.ingest.source.MarketSource;
import io.tickstream.ingest.source.QuoteObservation;
import io.tickstream.ingest.source.SourceSnapshot;
import io.tickstream.ingest.validate.ObservationValidator;
import io.tickstream.ingest.validate.ValidationProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One budget per source, with the real feed and poller: while the Binance feed streams, its REST poll slows to
 * the reconciliation interval; when the feed goes down, polling resumes within one poll interval; when the feed
 * is back, polling slows again.
 */
class FeedFallbackIntegrationTests {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(300);

    private final FakeExchange exchange = new FakeExchange();
    private final FeedHarness harness = new FeedHarness();
    private final AtomicInteger polls = new AtomicInteger();
    private LeaseKeeper sourceLeases;
    private SourcePoller poller;

    @AfterEach
    void tearDown() {
        if (poller != null) {
            poller.stop();
        }
        if (sourceLeases != null) {
            sourceLeases.stop();
        }
        harness.close();
        exchange.close();
    }

    @Test
    void pollingSlowsWhileTheFeedStreamsAndResumesWhenItStops() {
        harness.start("a", new BinanceFeedProtocol(), exchange.url(), List.of("BTC"), "USDT",
                FeedHarness.settings(Duration.ofSeconds(30), Duration.ZERO), FeedHarness.feeds());
        startPoller();
        await("polling before the feed delivers").atMost(Duration.ofSeconds(10)).until(() -> polls.get() >= 3);

        await().atMost(Duration.ofSeconds(10)).until(() -> exchange.open().size() == 1);
        exchange.latest().send(BinanceFeedIntegrationTests.trade("BTCUSDT", 1, "100", "1", false, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> harness.modes.isStreaming("binance"));
        int whileStreaming = polls.get();
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(polls.get()).as("no poll in 2 s of streaming (reconcile interval 60 s)").isLessThanOrEqualTo(whileStreaming + 1);

        // the venue goes away and refuses to come back for a while
        exchange.refuse(1_000);
        long downAt = System.currentTimeMillis();
        exchange.open().forEach(FakeExchange.Connection::close);
        await().atMost(Duration.ofSeconds(5)).until(() -> harness.modes.mode("binance").equals(FeedModes.POLLING));
        int atDown = polls.get();
        await("polling resumes within one poll interval").atMost(POLL_INTERVAL.multipliedBy(3)).until(() -> polls.get() > atDown);
        System.out.printf("[feed] polling resumed %d ms after the feed went down%n", System.currentTimeMillis() - downAt);
        await().atMost(Duration.ofSeconds(5)).until(() -> polls.get() >= atDown + 3);

        // back: the feed reconnects and polling slows again
        exchange.refuse(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> exchange.open().size() == 1);
        exchange.latest().send(BinanceFeedIntegrationTests.trade("BTCUSDT", 2, "100", "1", false, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> harness.modes.isStreaming("binance"));
        int back = polls.get();
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(polls.get()).isLessThanOrEqualTo(back + 1);
    }

    private void startPoller() {
        Clock clock = Clock.systemUTC();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        sourceLeases = new LeaseKeeper(harness.redis.template(), harness.leaseProperties, new IngestProperties(List.of("BTC"), "a"),
                List.of("binance"), clock, meters);
        sourceLeases.start();
        StreamPublisher publisher = new StreamPublisher(harness.redis.connections(), harness.streams, Partitions.defaults(), meters);
        PollCollaborators with = new PollCollaborators(
                new ObservationValidator(new ValidationProperties(new BigDecimal("1E-12"), new BigDecimal("1E9"),
                        BigDecimal.valueOf(50), Duration.ofMinutes(10), Duration.ofMinutes(2)), clock, meters),
                publisher, new ConsensusPublisher(harness.redis.template(), publisher, harness.streams, Partitions.defaults(),
                        new ConsensusProperties(true, Set.of("USD", "USDT"), "USD", Duration.ofMinutes(2)), clock),
                new SourceHealthTracker(publisher, clock, meters), clock, meters, Tracer.NOOP);
        MarketSource counting = new MarketSource() {
            @Override
            public String name() {
                return "binance";
            }

            @Override
            public Mono<SourceSnapshot> fetch() {
                polls.incrementAndGet();
                return Mono.just(SourceSnapshot.ofQuotes(List.of(QuoteObservation.ofPrice("BTC", "USDT", new BigDecimal("100"),
                        clock.millis())), List.of()));
            }
        };
        poller = new SourcePoller("binance", POLL_INTERVAL, new SourcePoll(counting, IngestFixtures.source("http://unused"),
                new SourceGuard("binance", IngestFixtures.source("http://unused")), with), sourceLeases, harness.modes,
                Duration.ofSeconds(60));
        poller.start();
    }
}
