package io.tickstream.ingest.health;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.ingest.lease.LeaseKeeper;
import io.tickstream.ingest.publish.StreamPublisher;
import io.tickstream.ingest.source.MutableClock;
import io.tickstream.ingest.source.SourceProperties;
import io.tickstream.ingest.source.SourcesProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class FreshnessHealthIndicatorTests {

    private final MutableClock clock = MutableClock.atFixedStart();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LeaseKeeper leases = mock(LeaseKeeper.class);
    private SourceHealthTracker tracker;
    private FreshnessHealthIndicator indicator;

    @BeforeEach
    void setUp() {
        StreamPublisher publisher = mock(StreamPublisher.class);
        when(publisher.publish(any())).thenReturn(Mono.just("1-0"));
        tracker = new SourceHealthTracker(publisher, clock, meters);
        tracker.register("binance");
        tracker.register("kraken");
        when(leases.isHeld("binance")).thenReturn(true);
        indicator = new FreshnessHealthIndicator(tracker, sources(), leases, clock, meters,
                new FeedModes());
    }

    @Test
    void degradedOnceAPolledSourcesLastGoodDataPassesItsMaxAgeAndUpAgainWhenItDelivers() {
        tracker.record("binance", PollOutcome.clean(), "tp").block();
        clock.advance(Duration.ofSeconds(30));
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

        tracker.record("binance", PollOutcome.failed("HTTP 503"), "tp").block();
        clock.advance(Duration.ofSeconds(31));
        Health stale = indicator.health();
        assertThat(stale.getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(stale.getDetails()).containsEntry("stale", List.of("binance"));
        assertThat(source(stale, "binance")).containsEntry("state", "degraded").containsEntry("lastGoodAgeMs", 61_000L)
                .containsEntry("maxAgeMs", 60_000L).containsEntry("mode", "polling").containsEntry("stale", true);

        tracker.record("binance", PollOutcome.clean(), "tp").block();
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(meters.get("tickstream.ingest.source.max.age").tag("source", "binance").gauge().value()).isEqualTo(60.0);
    }

    @Test
    void aSourceAnotherInstancePollsNeverDegradesThisOne() {
        clock.advance(Duration.ofHours(1));
        Health health = indicator.health();
        assertThat(health.getDetails()).containsEntry("stale", List.of("binance"));
        assertThat(source(health, "kraken")).containsEntry("polledHere", false).containsEntry("stale", false);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> source(Health health, String name) {
        return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("sources")).get(name);
    }

    private static SourcesProperties sources() {
        return new SourcesProperties(settings(false), settings(true), settings(true), settings(false), settings(false), settings(false));
    }

    private static SourceProperties settings(boolean enabled) {
        return new SourceProperties(enabled, "http://127.0.0.1:1", Duration.ofSeconds(5), Duration.ofSeconds(5),
                new SourceProperties.Budget(30, Duration.ofMinutes(1), 0.8, 0), null, null, Duration.ofSeconds(60),
                "USD", "", Map.of());
    }
}
