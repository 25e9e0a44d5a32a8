package io.tickstream.push.channel;

import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.Trade;
import io.tickstream.common.event.TradeSide;
import io.tickstream.common.stream.Partitions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code trades:<S>} channels: a bounded tape of events, each trade sent once, copies never. */
class TradeTapeChannelTests {

    static final ChannelStreams STREAMS = new ChannelStreams(Partitions.defaults(), "md", "d", "h", "tr");
    /** A tape of 5 trades, copies checked among the last 20. */
    final ChannelHub hub = new ChannelHub(new ChannelsProperties(100, 100, 5, 20), STREAMS);
    final RecordingSubscriber tape = new RecordingSubscriber();

    @BeforeEach
    void subscribe() {
        hub.epoch(STREAMS.all(), "e1");
        assertThat(hub.subscribe("trades:BTC", tape, null, null)).isTrue();
    }

    @Test
    void everyTradeIsSentAsATradeMessageAndTheSnapshotIsTheLastTradesNewestFirst() {
        assertThat(tape.lastStart().get("data").isNull()).as("no trade yet").isTrue();
        for (int i = 1; i <= 8; i++) {
            assertThat(hub.apply(trade("binance", i, 1_000 + i), i + "-0")).isEqualTo(1);
        }

        assertThat(tape.updates).hasSize(8);
        JsonNode last = Frames.json().readTree(tape.updates.getLast().event());
        assertThat(last.get("type").asString()).isEqualTo("trade");
        assertThat(last.get("channel").asString()).isEqualTo("trades:BTC");
        assertThat(last.get("offset").asString()).isEqualTo("8-0");
        assertThat(last.get("prev").asString()).isEqualTo("7-0");
        assertThat(last.get("epoch").asString()).isEqualTo("e1");
        assertThat(last.at("/data/tradeId").asString()).isEqualTo("8");
        assertThat(last.at("/data/price").asString()).isEqualTo("67008");
        assertThat(last.at("/data/size").asString()).isEqualTo("0.5");
        assertThat(last.at("/data/side").asString()).isEqualTo("buy");
        assertThat(last.at("/data/time").asLong()).isEqualTo(1_008);
        assertThat(tape.updates.getFirst().previousOffset()).as("the first trade adds to an empty tape").isNull();

        RecordingSubscriber late = new RecordingSubscriber();
        hub.subscribe("trades:BTC", late, null, null);
        assertThat(late.lastStart().get("type").asString()).isEqualTo("snapshot");
        assertThat(late.lastStart().get("offset").asString()).isEqualTo("8-0");
        assertThat(late.lastStart().at("/data/symbol").asString()).isEqualTo("BTC");
        assertThat(tradeIds(late.lastStart().at("/data/trades"))).containsExactly("8", "7", "6", "5", "4");
        // the full update (for a client that missed trades) is the same tape
        assertThat(tradeIds(tape.lastUpdate().at("/data/trades"))).containsExactly("8", "7", "6", "5", "4");
    }

    @Test
    void aCopyOfATradeSeenIsNotSentAgainNorDoesItMoveTheOffset() {
        hub.apply(trade("binance", 1, 1_000), "1-0");
        hub.apply(trade("binance", 2, 1_000), "2-0");
        hub.apply(trade("coinbase", 2, 1_000), "3-0"); // same trade id on another venue: another trade

        // a reconnect overlap appends 1 and 2 again
        assertThat(hub.apply(trade("binance", 1, 1_000), "4-0")).isZero();
        assertThat(hub.apply(trade("binance", 2, 1_000), "5-0")).isZero();

        assertThat(tape.updates).extracting(ChannelUpdate::offset).containsExactly("1-0", "2-0", "3-0");
        RecordingSubscriber late = new RecordingSubscriber();
        hub.subscribe("trades:BTC", late, null, null);
        assertThat(late.lastStart().get("offset").asString()).isEqualTo("3-0");
        assertThat(late.lastStart().at("/data/trades")).hasSize(3);
    }

    @Test
    void copiesAreFoundBeyondTheTapeWithinTheWindowAndOldHistoryDoesNotEnterAFullTape() {
        for (int i = 1; i <= 15; i++) {
            hub.apply(trade("binance", i, 10_000 + i), i + "-0");
        }
        int sent = tape.updates.size();
        assertThat(hub.apply(trade("binance", 3, 10_003), "16-0")).as("off the tape, still in the window").isZero();
        assertThat(hub.apply(trade("binance", 99, 5_000), "17-0")).as("older than every trade on a full tape").isZero();
        assertThat(tape.updates).hasSize(sent);

        assertThat(hub.apply(trade("binance", 100, 10_012), "18-0")).as("a gap fill inside the tape's time span").isEqualTo(1);
    }

    @Test
    void aResumeReplaysTheMissedTradesAndAnEpochChangeEmptiesTheTape() {
        for (int i = 1; i <= 10; i++) {
            hub.apply(trade("binance", i, 1_000 + i), i + "-0");
        }
        RecordingSubscriber resumed = new RecordingSubscriber();
        hub.subscribe("trades:BTC", resumed, "7-0", "e1");
        assertThat(resumed.lastStart().get("recovered").asBoolean()).isTrue();
        assertThat(resumed.updates).extracting(ChannelUpdate::offset).containsExactly("8-0", "9-0", "10-0");

        RecordingSubscriber otherEpoch = new RecordingSubscriber();
        hub.subscribe("trades:BTC", otherEpoch, "7-0", "e0");
        assertThat(otherEpoch.lastStart().get("recovered").asBoolean()).isFalse();
        assertThat(otherEpoch.lastStart().at("/data/trades")).hasSize(5);

        hub.epoch(List.of(STREAMS.streamOf("trades:BTC")), "e2");
        assertThat(tape.lastStart().get("data").isNull()).isTrue();
        assertThat(tape.lastStart().get("epoch").asString()).isEqualTo("e2");
        assertThat(hub.apply(trade("binance", 1, 1_001), "1-0")).as("the tape starts over, sent to all three").isEqualTo(3);
        assertThat(hub.epoch("ticker:BTC")).as("the quote partition is another stream").isEqualTo("e1");
    }

    @Test
    void tradesChangeNoTickerAndQuotesNoTape() {
        RecordingSubscriber ticker = new RecordingSubscriber();
        hub.subscribe("ticker:BTC", ticker, null, null);
        hub.apply(trade("binance", 1, 1_000), "1-0");
        assertThat(ticker.updates).isEmpty();
        hub.apply(ChannelHubTests.quote("binance", "100", 2_000), "1-0");
        assertThat(tape.updates).hasSize(1);
        assertThat(ticker.updates).hasSize(1);
    }

    static Trade trade(String source, long tradeId, long sourceTime) {
        String id = Long.toString(tradeId);
        return new Trade(EventMeta.of(Trade.idempotencyKey(source, "BTC", "USDT", id), source, sourceTime, sourceTime + 3,
                ChannelHubTests.TRACEPARENT), "BTC", "USDT", new BigDecimal(67_000 + tradeId), new BigDecimal("0.5"),
                tradeId % 2 == 0 ? TradeSide.BUY : TradeSide.SELL, id);
    }

    private static List<String> tradeIds(JsonNode trades) {
        List<String> ids = new ArrayList<>();
        trades.forEach(t -> ids.add(t.get("tradeId").asString()));
        return ids;
    }
}
