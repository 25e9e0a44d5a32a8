package io.tickstream.push.channel;

import io.tickstream.common.stream.Partitions;

import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.SourceState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** The hub on the one projection: only an entry newer than what is held for its series changes and sends anything. */
class ChannelHubTests {

    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    static final ChannelStreams STREAMS = new ChannelStreams(Partitions.defaults(), "md", "d", "h", "tr");
    final ChannelHub hub = new ChannelHub(new ChannelsProperties(100, 100, 50, 1000), STREAMS);
    final RecordingSubscriber btc = new RecordingSubscriber();

    @BeforeEach
    void subscribe() {
        hub.epoch(STREAMS.all(), "e1");
        assertThat(hub.subscribe("ticker:BTC", btc, null, null)).isTrue();
    }

    @Test
    void aNewerQuoteIsSentAndAnOlderOneChangesNothingAndSendsNothing() {
        assertThat(hub.apply(quote("binance", "100", 2_000), "1-0")).isEqualTo(1);
        assertThat(hub.apply(quote("binance", "99", 1_000), "2-0")).as("older").isZero();
        assertThat(hub.apply(quote("binance", "98", 2_000), "3-0")).as("same source time").isZero();

        assertThat(btc.updates).hasSize(1);
        assertThat(btc.lastUpdate().at("/data/sources/binance/price").asString()).isEqualTo("100");
        RecordingSubscriber late = new RecordingSubscriber();
        hub.subscribe("ticker:BTC", late, null, null);
        assertThat(late.lastStart().get("offset").asString()).as("the offset did not move").isEqualTo("1-0");
        assertThat(late.lastStart().at("/data/sources/binance/price").asString()).isEqualTo("100");
    }

    @Test
    void aReplayOfOldHistoryMovesNoPriceBack() {
        for (int i = 1; i <= 20; i++) {
            hub.apply(quote("binance", Integer.toString(100 + i), i * 1_000L), i + "-0");
            hub.apply(consensus(Integer.toString(200 + i), i * 1_000L + 1), i + "-1");
        }
        int sent = btc.updates.size();
        for (int i = 1; i <= 20; i++) {
            assertThat(hub.apply(quote("binance", Integer.toString(100 + i), i * 1_000L), (100 + i) + "-0")).isZero();
            assertThat(hub.apply(consensus(Integer.toString(200 + i), i * 1_000L + 1), (100 + i) + "-1")).isZero();
        }
        assertThat(btc.updates).hasSize(sent);
        RecordingSubscriber late = new RecordingSubscriber();
        hub.subscribe("ticker:BTC", late, null, null);
        assertThat(late.lastStart().at("/data/sources/binance/price").asString()).isEqualTo("120");
        assertThat(late.lastStart().at("/data/consensus/price").asString()).isEqualTo("220");
        assertThat(late.lastStart().get("offset").asString()).isEqualTo("20-1");
    }

    @Test
    void aResumeAfterIgnoredEntriesMissesNothing() {
        hub.apply(quote("binance", "100", 1_000), "1-0");
        hub.apply(quote("binance", "90", 500), "2-0");
        hub.apply(quote("kraken", "101", 1_000), "3-0");
        RecordingSubscriber resumed = new RecordingSubscriber();
        hub.subscribe("ticker:BTC", resumed, "1-0", "e1");
        assertThat(resumed.lastStart().get("recovered").asBoolean()).isTrue();
        assertThat(resumed.updates).extracting(ChannelUpdate::offset).containsExactly("3-0");
        assertThat(resumed.updates.getFirst().previousOffset()).as("the patch applies to the object at 1-0").isEqualTo("1-0");
    }

    @Test
    void anOlderQuoteCurrencyOfAShownSourceSendsNothing() {
        hub.apply(quote("binance", "USDT", "100", 2_000), "1-0");
        assertThat(hub.apply(quote("binance", "USDC", "99", 1_000), "2-0")).isZero();
        assertThat(btc.updates).hasSize(1);
        assertThat(hub.apply(quote("binance", "USDC", "101", 3_000), "3-0")).isEqualTo(1);
        assertThat(btc.lastUpdate().at("/data/sources/binance/quote").asString()).isEqualTo("USDC");
    }

    @Test
    void summariesAndHealthFollowTheSameRule() {
        RecordingSubscriber dashboard = new RecordingSubscriber();
        RecordingSubscriber health = new RecordingSubscriber();
        hub.subscribe(ChannelNames.DASHBOARD, dashboard, null, null);
        hub.subscribe(ChannelNames.HEALTH, health, null, null);

        assertThat(hub.apply(fearGreed(71, 2_000), "1-0")).isEqualTo(1);
        assertThat(hub.apply(fearGreed(10, 1_000), "2-0")).isZero();
        assertThat(dashboard.lastUpdate().at("/data/fearGreedValue").asInt()).isEqualTo(71);
        assertThat(dashboard.updates).hasSize(1);

        assertThat(hub.apply(health("kraken", SourceState.DOWN, 2_000), "3-0")).isEqualTo(1);
        assertThat(hub.apply(health("kraken", SourceState.UP, 1_000), "4-0")).isZero();
        assertThat(health.lastUpdate().at("/data/sources/kraken/state").asString()).isEqualTo("down");
        assertThat(health.updates).hasSize(1);
    }

    @Test
    void anEpochChangeClearsTheProjectionToo() {
        hub.apply(quote("binance", "100", 5_000), "1-0");
        hub.epoch(STREAMS.all(), "e2");
        assertThat(btc.lastStart().get("data").isNull()).as("an empty snapshot of the new epoch").isTrue();

        assertThat(hub.apply(quote("binance", "50", 1_000), "1-0")).as("older than before the reset, but the first now").isEqualTo(1);
        JsonNode data = btc.lastUpdate().get("data");
        assertThat(data.at("/sources/binance/price").asString()).isEqualTo("50");
        assertThat(btc.lastUpdate().get("epoch").asString()).isEqualTo("e2");
    }

    @Test
    void anotherPartitionsNewEpochLeavesThisChannelAlone() {
        RecordingSubscriber other = new RecordingSubscriber();
        String otherSymbol = java.util.stream.Stream.of("ETH", "SOL", "XRP", "DOGE", "ADA")
                .filter(s -> !STREAMS.streamOfSymbol(s).equals(STREAMS.streamOfSymbol("BTC"))).findFirst().orElseThrow();
        hub.subscribe("ticker:" + otherSymbol, other, null, null);
        hub.apply(quote("binance", "100", 5_000), "1-0");
        int btcStarts = btc.starts.size();

        hub.epoch(java.util.List.of(STREAMS.streamOfSymbol(otherSymbol)), "e2");

        assertThat(other.lastStart().get("epoch").asString()).isEqualTo("e2");
        assertThat(other.lastStart().get("recovered").asBoolean()).isFalse();
        assertThat(btc.starts).as("BTC's partition kept its epoch: no reset").hasSize(btcStarts);
        assertThat(hub.epoch("ticker:BTC")).isEqualTo("e1");
        assertThat(hub.apply(quote("binance", "99", 4_000), "2-0")).as("BTC's projection was kept").isZero();
    }

    @Test
    void theFirstEpochResetsNothing() {
        ChannelHub fresh = new ChannelHub(new ChannelsProperties(100, 100, 50, 1000), STREAMS);
        fresh.apply(quote("binance", "100", 5_000), "1-0");
        fresh.epoch(STREAMS.all(), "e1");
        assertThat(fresh.apply(quote("binance", "50", 1_000), "2-0")).isZero();
    }

    static Quote quote(String source, String price, long sourceTime) {
        return quote(source, "USD", price, sourceTime);
    }

    static Quote quote(String source, String currency, String price, long sourceTime) {
        return new Quote(EventMeta.of(Quote.idempotencyKey(source, "BTC", currency, sourceTime), source, sourceTime, sourceTime + 3, TRACEPARENT),
                "BTC", currency, new BigDecimal(price), new BigDecimal("-1.25"), null, null, null, null, false, null);
    }

    static Quote consensus(String price, long sourceTime) {
        return new Quote(EventMeta.of(Quote.idempotencyKey(Quote.CONSENSUS_SOURCE, "BTC", "USD", sourceTime), Quote.CONSENSUS_SOURCE,
                sourceTime, sourceTime + 3, TRACEPARENT), "BTC", "USD", new BigDecimal(price), null, null, null, null, null, false,
                new Quote.Consensus(2, new BigDecimal(price), new BigDecimal(price)));
    }

    static MarketSummary fearGreed(int value, long sourceTime) {
        return new MarketSummary(EventMeta.of(MarketSummary.idempotencyKey("feargreed", sourceTime), "feargreed", sourceTime,
                sourceTime + 3, TRACEPARENT), null, null, null, null, null, null, value, "Greed");
    }

    static SourceHealthChanged health(String source, SourceState state, long sourceTime) {
        return new SourceHealthChanged(EventMeta.of(SourceHealthChanged.idempotencyKey(source, state, sourceTime), source, sourceTime,
                sourceTime + 3, TRACEPARENT), state, SourceState.UP, "", null);
    }
}
