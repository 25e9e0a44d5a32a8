package io.tickstream.common.stream;

import io.tickstream.common.event.Bar;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.Trade;
import io.tickstream.common.event.TradeSide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamEntryCodecTests {

    private static final int CASES = 5_000;

    @Test
    void everyEventSurvivesTheRoundTrip() {
        long seed = System.nanoTime();
        RandomEvents events = new RandomEvents(seed);
        for (int i = 0; i < CASES; i++) {
            MarketEvent event = events.next();
            Map<String, String> fields = StreamEntryCodec.encode(event);
            assertThat(StreamEntryCodec.decode(fields)).as("seed %d case %d: %s", seed, i, fields).isEqualTo(event);
        }
    }

    @Test
    void aTradeIsWrittenWithItsOwnFieldsAndAnUnknownSideIsADecodeError() {
        Trade trade = new Trade(EventMeta.of(Trade.idempotencyKey("binance", "BTC", "USDT", "12345"), "binance",
                1_700_000_000_123L, 1_700_000_000_150L, "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01"),
                "BTC", "USDT", new BigDecimal("67012.50"), new BigDecimal("0.00120"), TradeSide.SELL, "12345");
        Map<String, String> fields = StreamEntryCodec.encode(trade);
        assertThat(fields).containsEntry("type", "trade").containsEntry("id", "trade:binance:BTC:USDT:12345")
                .containsEntry("price", "67012.5").containsEntry("size", "0.0012").containsEntry("side", "sell")
                .containsEntry("tradeId", "12345");
        assertThat(StreamEntryCodec.decode(fields)).isEqualTo(trade);
        assertThat(trade.numericTradeId()).isEqualTo(12345L);

        Map<String, String> sideways = new HashMap<>(fields);
        sideways.put(StreamFields.SIDE, "sideways");
        assertThatThrownBy(() -> StreamEntryCodec.decode(sideways)).isInstanceOf(EventDecodeException.class)
                .hasMessageContaining("sideways");
        Map<String, String> noSize = new HashMap<>(fields);
        noSize.put(StreamFields.SIZE, "0");
        assertThatThrownBy(() -> StreamEntryCodec.decode(noSize)).isInstanceOf(EventDecodeException.class)
                .hasMessageContaining("size");
    }

    @Test
    void aBarRoundTripsAndOneWhoseHighIsBelowItsCloseIsRejected() {
        Bar bar = new Bar(EventMeta.of(Bar.idempotencyKey("binance", "BTC", "USDT", 60, 1_700_000_040_000L), "binance",
                1_700_000_040_000L, 1_700_000_100_000L, "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01"),
                "BTC", "USDT", 60, new BigDecimal("67000.10"), new BigDecimal("67100"), new BigDecimal("66950"),
                new BigDecimal("67050"), new BigDecimal("12.5"), new BigDecimal("838125"), 420L);
        Map<String, String> fields = StreamEntryCodec.encode(bar);
        assertThat(fields).containsEntry("type", "bar").containsEntry("interval", "60").containsEntry("open", "67000.1")
                .containsEntry("trades", "420");
        assertThat(StreamEntryCodec.decode(fields)).isEqualTo(bar);
        Map<String, String> broken = new HashMap<>(fields);
        broken.put(StreamFields.HIGH, "67010");
        assertThatThrownBy(() -> StreamEntryCodec.decode(broken)).isInstanceOf(EventDecodeException.class)
                .hasMessageContaining("high/low");
    }

    @Test
    void decimalsAreWrittenPlainNeverInExponentNotation() {
        RandomEvents events = new RandomEvents(42);
        for (int i = 0; i < CASES; i++) {
            Map<String, String> fields = StreamEntryCodec.encode(events.quote());
            assertThat(fields.get(StreamFields.PRICE)).as(fields.toString()).matches("[0-9]+(\\.[0-9]*[1-9])?");
            fields.values().forEach(v -> assertThat(v).doesNotContain("E+").doesNotContain("E-"));
        }
    }

    @Test
    void everyEntryCarriesTheCommonFields() {
        Map<String, String> fields = StreamEntryCodec.encode(btcQuote("67012.50"));
        assertThat(fields).containsKeys("v", "type", "id", "source", "sourceTime", "ingestTime", "traceparent",
                "symbol", "quote", "price");
        assertThat(fields).containsEntry("v", "1").containsEntry("type", "quote")
                .containsEntry("price", "67012.5").containsEntry("symbol", "BTC").containsEntry("quote", "USDT");
        assertThat(fields).doesNotContainKeys("marketCap", "stale", "consensusSources");
    }

    @Test
    void exponentInputIsDecodedAndReencodedPlain() {
        Map<String, String> fields = new HashMap<>(StreamEntryCodec.encode(btcQuote("1")));
        fields.put(StreamFields.PRICE, "1.23E-7");
        Quote decoded = (Quote) StreamEntryCodec.decode(fields);
        assertThat(StreamEntryCodec.encode(decoded).get(StreamFields.PRICE)).isEqualTo("0.000000123");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v", "type", "id", "source", "sourceTime", "ingestTime", "traceparent", "symbol", "quote", "price"})
    void aMissingRequiredFieldIsATypedDecodeError(String field) {
        Map<String, String> fields = new HashMap<>(StreamEntryCodec.encode(btcQuote("100")));
        fields.remove(field);
        assertThatThrownBy(() -> StreamEntryCodec.decode(fields))
                .isInstanceOf(EventDecodeException.class)
                .hasMessageContaining(field)
                .extracting(e -> ((EventDecodeException) e).field()).isEqualTo(field);
    }

    @Test
    void malformedValuesAreDecodeErrors() {
        Map<String, String> fields = new HashMap<>(StreamEntryCodec.encode(btcQuote("100")));
        fields.put(StreamFields.PRICE, "12,5");
        assertThatThrownBy(() -> StreamEntryCodec.decode(fields)).isInstanceOf(EventDecodeException.class)
                .hasMessageContaining("price").hasMessageContaining("12,5");

        fields.put(StreamFields.PRICE, "-3");
        assertThatThrownBy(() -> StreamEntryCodec.decode(fields)).isInstanceOf(EventDecodeException.class)
                .hasMessageContaining("price must be > 0");

        fields.put(StreamFields.PRICE, "3");
        fields.put(StreamFields.SOURCE_TIME, "yesterday");
        assertThatThrownBy(() -> StreamEntryCodec.decode(fields)).isInstanceOf(EventDecodeException.class)
                .hasMessageContaining("sourceTime");

        fields.put(StreamFields.SOURCE_TIME, "1");
        fields.put(StreamFields.TYPE, "order_book");
        assertThatThrownBy(() -> StreamEntryCodec.decode(fields)).isInstanceOf(EventDecodeException.class)
                .hasMessageContaining("unknown event type 'order_book'");
    }

    @Test
    void unknownFieldsAreIgnored() {
        Quote quote = btcQuote("100");
        Map<String, String> fields = new HashMap<>(StreamEntryCodec.encode(quote));
        fields.put("addedInAFutureVersion", "x");
        assertThat(StreamEntryCodec.decode(fields)).isEqualTo(quote);
    }

    @Test
    void aSummaryWithoutAnyValueIsRejected() {
        Map<String, String> fields = new HashMap<>(StreamEntryCodec.encode(new MarketSummary(meta(), null, null,
                null, null, null, null, 42, "Fear")));
        fields.remove(StreamFields.FEAR_GREED_VALUE);
        assertThatThrownBy(() -> StreamEntryCodec.decode(fields)).isInstanceOf(EventDecodeException.class)
                .hasMessageContaining("at least one value");
    }

    private static Quote btcQuote(String price) {
        return new Quote(meta(), "BTC", "USDT", new BigDecimal(price), null, null, null, null, null, false, null);
    }

    private static EventMeta meta() {
        return EventMeta.of("quote:binance:BTC:USDT:1700000000000", "binance", 1_700_000_000_000L,
                1_700_000_000_050L, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    }
}
