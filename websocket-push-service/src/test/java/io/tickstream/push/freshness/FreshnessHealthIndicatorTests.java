package io.tickstream.push.freshness;

import io.tickstream.push.PushFixtures;
import io.tickstream.push.channel.ChannelHub;
import io.tickstream.push.channel.ChannelsProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FreshnessHealthIndicatorTests {

    private static final FreshnessProperties BOUNDS = new FreshnessProperties(Duration.ofMinutes(2), Duration.ofMinutes(15));

    private final ChannelHub hub = new ChannelHub(new ChannelsProperties(100, 100, 50, 1000),
            new io.tickstream.push.channel.ChannelStreams(io.tickstream.common.stream.Partitions.defaults(), "md", "d", "h", "tr"));

    @Test
    void upAndWaitingBeforeAnyDataThenUpWhileFresh() {
        Instant now = Instant.now();
        assertThat(at(now).health()).satisfies(h -> {
            assertThat(h.getStatus()).isEqualTo(Status.UP);
            assertThat(h.getDetails()).containsEntry("waiting", true);
        });
        hub.apply(PushFixtures.quote("BTC", "binance", "100"), "1-0");
        hub.apply(PushFixtures.totals("3000000000000", "55"), "2-0");
        assertThat(at(now.plusSeconds(60)).health()).satisfies(h -> {
            assertThat(h.getStatus()).isEqualTo(Status.UP);
            assertThat(h.getDetails()).containsEntry("stale", List.of()).containsEntry("waiting", false);
        });
    }

    @Test
    void degradedNamingTheSymbolAndTheSummaryWhenTheyAge() {
        hub.apply(PushFixtures.quote("ETH", "kraken", "10"), "1-0");
        hub.apply(PushFixtures.totals("3000000000000", "55"), "2-0");

        Health later = at(Instant.now().plus(Duration.ofMinutes(20))).health();

        assertThat(later.getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(later.getDetails()).containsEntry("stale", List.of("ETH", "summary"));
    }

    private FreshnessHealthIndicator at(Instant now) {
        return new FreshnessHealthIndicator(hub, BOUNDS, Clock.fixed(now, ZoneOffset.UTC));
    }
}
