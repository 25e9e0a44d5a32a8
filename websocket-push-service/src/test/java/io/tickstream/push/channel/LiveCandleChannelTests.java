package io.tickstream.push.channel;

import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.Quote;
import io.tickstream.common.stream.Partitions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code candles:<S>:<interval>} channels: the current consensus candle as it changes, once more when it closes. */
class LiveCandleChannelTests {

    static final ChannelStreams STREAMS = new ChannelStreams(Partitions.defaults(), "md", "d", "h", "tr");
    /** 2026-12-07T10:00:00Z. */
    static final long T = Instant.parse("2026-12-07T10:00:00Z").toEpochMilli();

    final ChannelHub hub = new ChannelHub(new ChannelsProperties(100, 1000, 5, 20), STREAMS);
    final RecordingSubscriber minute = new RecordingSubscriber();
    final RecordingSubscriber fiveMinutes = new RecordingSubscriber();

    @BeforeEach
    void subscribe() {
        hub.epoch(STREAMS.all(), "e1");
        assertThat(hub.subscribe("candles:BTC:1m", minute, null, null)).isTrue();
        assertThat(hub.subscribe("candles:BTC:5m", fiveMinutes, null, null)).isTrue();
    }

    @Test
    void theCurrentCandleChangesWithEachConsensusQuoteAndClosesOnceMoreWhenTheNextBucketBegins() {
        assertThat(minute.lastStart().get("data").isNull()).as("no candle yet").isTrue();
        hub.apply(consensus(T + 1_000, "100"), "1-0");
        hub.apply(consensus(T + 20_000, "105"), "2-0");
        hub.apply(consensus(T + 40_000, "98"), "3-0");
        hub.apply(quote("binance", T + 41_000, "1"), "4-0"); // not consensus: no candle
        hub.apply(consensus(T + 59_999, "101"), "5-0");
        hub.apply(consensus(T + 60_000, "102"), "6-0"); // 10:01: the 10:00 candle closes
        hub.apply(consensus(T + 61_000, "103"), "7-0");

        List<JsonNode> candles = minute.updates.stream().map(u -> Frames.json().readTree(u.full()).get("data")).toList();
        assertThat(candles).extracting(c -> c.get("time").asString() + " " + c.get("close").asString() + " " + c.get("final").asBoolean())
                .containsExactly("2026-12-07T10:00:00Z 100 false", "2026-12-07T10:00:00Z 105 false",
                        "2026-12-07T10:00:00Z 98 false", "2026-12-07T10:00:00Z 101 false",
                        "2026-12-07T10:00:00Z 101 true", "2026-12-07T10:01:00Z 103 false");
        JsonNode closed = candles.get(4);
        assertThat(closed.get("open").asString()).isEqualTo("100");
        assertThat(closed.get("high").asString()).isEqualTo("105");
        assertThat(closed.get("low").asString()).isEqualTo("98");
        assertThat(closed.get("ticks").asLong()).isEqualTo(4);
        assertThat(closed.get("source").asString()).isEqualTo("consensus");
        assertThat(closed.get("quote").asString()).isEqualTo("USD");
        // the new candle holds the quote that closed the old one
        assertThat(candles.getLast().get("open").asString()).isEqualTo("102");
        assertThat(candles.getLast().get("ticks").asLong()).isEqualTo(2);
        assertThat(minute.updates).extracting(ChannelUpdate::offset).containsExactly("1-0", "2-0", "3-0", "5-0", "6-0", "7-0");
        // patches chain from offset to offset
        assertThat(minute.updates.get(4).previousOffset()).isEqualTo("5-0");
        // the 5-minute candle did not close
        JsonNode five = fiveMinutes.lastUpdate().get("data");
        assertThat(five.get("time").asString()).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(five.get("ticks").asLong()).isEqualTo(6);
        assertThat(five.get("high").asString()).isEqualTo("105");
        assertThat(five.get("final").asBoolean()).isFalse();
    }

    @Test
    void aReplayedOrLateQuoteIsNotCountedTwice() {
        hub.apply(consensus(T + 1_000, "100"), "1-0");
        hub.apply(consensus(T + 2_000, "101"), "2-0");
        // the tail's overlap reads both again, and a late quote arrives
        assertThat(hub.apply(consensus(T + 1_000, "100"), "3-0")).isZero();
        assertThat(hub.apply(consensus(T + 2_000, "101"), "4-0")).isZero();
        assertThat(hub.apply(consensus(T + 1_500, "200"), "5-0")).isZero();
        assertThat(minute.lastUpdate().at("/data/ticks").asLong()).isEqualTo(2);
        assertThat(minute.lastUpdate().at("/data/high").asString()).isEqualTo("101");
    }

    @Test
    void aLateSubscriberGetsTheCurrentCandleAsItsSnapshotAndBucketsAreUtcAligned() {
        long day = Instant.parse("2026-12-07T00:00:00Z").toEpochMilli();
        hub.apply(consensus(day + 5 * 3_600_000L + 7, "50"), "1-0");
        RecordingSubscriber late = new RecordingSubscriber();
        hub.subscribe("candles:BTC:4h", late, null, null);
        assertThat(late.lastStart().get("type").asString()).isEqualTo("snapshot");
        assertThat(late.lastStart().at("/data/time").asString()).isEqualTo("2026-12-07T04:00:00Z");
        RecordingSubscriber daily = new RecordingSubscriber();
        hub.subscribe("candles:BTC:1d", daily, null, null);
        assertThat(daily.lastStart().at("/data/time").asString()).isEqualTo("2026-12-07T00:00:00Z");
        assertThat(daily.lastStart().at("/data/interval").asString()).isEqualTo("1d");
    }

    @Test
    void channelNames() {
        assertThat(ChannelNames.isValid("candles:BTC:1m")).isTrue();
        assertThat(ChannelNames.isValid("candles:BTC:1d")).isTrue();
        assertThat(ChannelNames.isValid("candles:BTC:2m")).isFalse();
        assertThat(ChannelNames.isValid("candles:BTC")).isFalse();
        assertThat(ChannelNames.isValid("candles:btc:1m")).isFalse();
        assertThat(ChannelNames.isValid("candles::1m")).isFalse();
        assertThat(ChannelNames.symbolOf("candles:ETH:15m")).isEqualTo("ETH");
        assertThat(STREAMS.streamOf("candles:ETH:15m")).isEqualTo(STREAMS.streamOf("ticker:ETH"));
    }

    static Quote consensus(long time, String price) {
        return quote(Quote.CONSENSUS_SOURCE, time, price);
    }

    static Quote quote(String source, long time, String price) {
        BigDecimal p = new BigDecimal(price);
        return new Quote(EventMeta.of(Quote.idempotencyKey(source, "BTC", "USD", time), source, time, time + 5,
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), "BTC", "USD", p, null, null, null, null, null,
                false, source.equals(Quote.CONSENSUS_SOURCE) ? new Quote.Consensus(3, p, p) : null);
    }
}
