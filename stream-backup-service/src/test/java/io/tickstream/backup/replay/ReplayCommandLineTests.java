package io.tickstream.backup.replay;

import io.tickstream.common.event.EventType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayCommandLineTests {

    @Test
    void readsTheRequestFromOptions() {
        ReplayRequest request = ReplayCommandLine.request(new DefaultApplicationArguments(
                "--from=2026-11-01T00:00:00Z", "--to=2026-11-02T00:00:00Z", "--types=quote,source_health", "--rate=500"));

        assertThat(request.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(request.to()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
        assertThat(request.eventTypes()).containsExactly(EventType.QUOTE, EventType.SOURCE_HEALTH);
        assertThat(request.ratePerSecond()).isEqualTo(500);
    }

    @Test
    void aSymbolMeansItsQuotesAndTrades() {
        ReplayRequest request = ReplayCommandLine.request(new DefaultApplicationArguments(
                "--from=2026-11-01T00:00:00Z", "--to=2026-11-02T00:00:00Z", "--symbol=BTC"));
        assertThat(request.eventTypes()).containsExactly(EventType.QUOTE, EventType.TRADE);
        assertThat(ReplayCommandLine.request(new DefaultApplicationArguments(
                "--from=2026-11-01T00:00:00Z", "--to=2026-11-02T00:00:00Z", "--symbol=BTC", "--types=trade")).eventTypes())
                .containsExactly(EventType.TRADE);
    }

    @Test
    void noTypesMeansEveryArchivedTypeTradesIncludedBarsNot() {
        ReplayRequest request = ReplayCommandLine.request(new DefaultApplicationArguments(
                "--from=2026-11-01T00:00:00Z", "--to=2026-11-02T00:00:00Z"));
        assertThat(request.eventTypes()).containsExactlyInAnyOrder(EventType.QUOTE, EventType.TRADE,
                EventType.MARKET_SUMMARY, EventType.SOURCE_HEALTH);
        // bars become candles, not archived events: there is nothing to replay them from
        assertThatThrownBy(() -> ReplayCommandLine.request(new DefaultApplicationArguments(
                "--from=2026-11-01T00:00:00Z", "--to=2026-11-02T00:00:00Z", "--types=bar")).eventTypes())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bar");
    }

    @Test
    void missingOrMalformedTimesAreRejected() {
        assertThatThrownBy(() -> ReplayCommandLine.request(new DefaultApplicationArguments("--from=2026-11-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--to");
        assertThatThrownBy(() -> ReplayCommandLine.request(new DefaultApplicationArguments("--from=today", "--to=tomorrow")))
                .isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void theModesSettingsComeFirstSoTheUserCanStillOverrideThem() {
        List<String> args = List.of(ReplayCommandLine.arguments("--from=x", "--tickstream.backup.trim.enabled=true"));
        assertThat(args).contains("--tickstream.backup.archive.enabled=false", "--spring.main.web-application-type=none");
        assertThat(args.indexOf("--tickstream.backup.trim.enabled=true"))
                .isGreaterThan(args.indexOf("--tickstream.backup.trim.enabled=false"));
    }
}
