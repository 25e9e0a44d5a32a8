package io.tickstream.streams;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StreamIdsTests {

    @Test
    void ordersByTimeThenSequenceNumericallyNotAsText() {
        assertThat(StreamIds.compare("9-0", "10-0")).isNegative();
        assertThat(StreamIds.compare("10-2", "10-10")).isNegative();
        assertThat(StreamIds.compare("10-10", "10-10")).isZero();
        assertThat(StreamIds.min("1700000000000-5", "1700000000000-3")).isEqualTo("1700000000000-3");
    }

    @Test
    void readsAndWritesTheTimePart() {
        assertThat(StreamIds.time("1700000000123-7")).isEqualTo(Instant.ofEpochMilli(1700000000123L));
        assertThat(StreamIds.at(Instant.ofEpochMilli(42))).isEqualTo("42-0");
        assertThat(StreamIds.compare("0", StreamIds.ZERO)).isZero();
    }
}
