package io.tickstream.backup.trim;

import io.tickstream.streams.StreamIds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StreamTrimmerTests {

    private static final Instant NOW = Instant.ofEpochMilli(10_000_000);
    private final StreamTrimmer trimmer = new StreamTrimmer(null, new TrimProperties(true, Duration.ofSeconds(10), Duration.ofSeconds(60)));

    @Test
    void neverTrimsPastTheOldestPendingEntry() {
        StreamState state = state("9990000-0", 10L, "5000000-3");
        assertThat(trimmer.trimBelow(state, NOW)).isEqualTo("5000000-3");
    }

    @Test
    void withNothingPendingTrimsUpToTheLastDeliveredEntryButKeepsTheRetention() {
        assertThat(trimmer.trimBelow(state("5000000-0", 0L, null), NOW)).isEqualTo("5000000-0");
        // delivered up to now: the retention (60 s) is what bounds the trim
        assertThat(trimmer.trimBelow(state("9999999-0", 0L, null), NOW)).isEqualTo(StreamIds.at(NOW.minusSeconds(60)));
    }

    @Test
    void aGroupThatReadNothingTrimsNothing() {
        assertThat(trimmer.trimBelow(state("0-0", 0L, null), NOW)).isEqualTo("0-0");
    }

    private static StreamState state(String lastDelivered, long pending, String oldestPending) {
        return new StreamState("s", 100, 100, "1-0", lastDelivered, 0L, pending, 0L, oldestPending);
    }
}
