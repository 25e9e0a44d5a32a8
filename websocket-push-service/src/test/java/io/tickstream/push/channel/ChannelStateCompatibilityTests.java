package io.tickstream.push.channel;

import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.SourceState;
import io.tickstream.common.market.MarketProjection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel objects built from the common projection are the ones the push service sent before it
 * (frozen in {@link LegacyChannelFold}) for entries in source-time order: same members, and every quote
 * object field for field in the same order, decimals written the same way, optional ones left out alike.
 */
class ChannelStateCompatibilityTests {

    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    static final String[] SYMBOLS = {"BTC", "ETH", "DOGE"};
    static final String[] SOURCES = {"binance", "kraken", "coinbase", "coingecko", Quote.CONSENSUS_SOURCE};

    final Random random = new Random(20261122);
    long sourceTime = 1_763_800_000_000L;

    @Test
    void inSourceTimeOrderEveryChannelObjectIsTheOneSentBefore() {
        MarketProjection projection = new MarketProjection();
        Map<String, ObjectNode> legacy = new HashMap<>();
        for (int i = 0; i < 3_000; i++) {
            MarketEvent event = next();
            String channel = ChannelNames.of(event);
            ObjectNode before = legacy.get(channel);
            legacy.put(channel, LegacyChannelFold.fold(before, event));
            assertThat(projection.apply(event)).isTrue();
            ObjectNode built = ChannelState.of(projection, null, event);

            assertThat(built).as("%s after %s", channel, event.meta().id()).isEqualTo(legacy.get(channel));
            if (event instanceof Quote) {
                assertSameQuoteObjects(built, legacy.get(channel));
            }
        }
    }

    private static void assertSameQuoteObjects(JsonNode built, JsonNode legacy) {
        assertThat(names(built)).containsExactly("symbol", "consensus", "sources");
        assertThat(text(built.get("consensus"))).isEqualTo(text(legacy.get("consensus")));
        legacy.get("sources").properties().forEach(source ->
                assertThat(text(built.get("sources").get(source.getKey()))).isEqualTo(text(source.getValue())));
    }

    private MarketEvent next() {
        sourceTime += 1 + random.nextInt(1_000);
        int kind = random.nextInt(10);
        if (kind == 0) {
            return random.nextBoolean() ? totals() : fearGreed();
        }
        if (kind == 1) {
            return health();
        }
        return quote();
    }

    private Quote quote() {
        String source = SOURCES[random.nextInt(SOURCES.length)];
        String symbol = SYMBOLS[random.nextInt(SYMBOLS.length)];
        BigDecimal price = decimal();
        Quote.Consensus consensus = source.equals(Quote.CONSENSUS_SOURCE)
                ? new Quote.Consensus(1 + random.nextInt(4), price.subtract(BigDecimal.ONE), price.add(BigDecimal.ONE)) : null;
        String currency = source.equals("binance") && random.nextBoolean() ? "USDT" : "USD";
        return new Quote(meta(Quote.idempotencyKey(source, symbol, currency, sourceTime), source), symbol, currency, price,
                maybe(decimal().negate()), maybe(decimal()), maybe(decimal()), maybe(decimal()), maybe(decimal()),
                random.nextInt(5) == 0, consensus);
    }

    /** CoinGecko's {@code /global}: always the same fields, as the ingest service writes them. */
    private MarketSummary totals() {
        return new MarketSummary(meta(MarketSummary.idempotencyKey("coingecko", sourceTime), "coingecko"), decimal(), decimal(),
                decimal(), decimal(), decimal().negate(), 10_000 + random.nextInt(5_000), null, null);
    }

    private MarketSummary fearGreed() {
        int value = random.nextInt(101);
        return new MarketSummary(meta(MarketSummary.idempotencyKey("feargreed", sourceTime), "feargreed"), null, null, null, null,
                null, null, value, value < 50 ? "Fear" : "Greed");
    }

    private SourceHealthChanged health() {
        String source = SOURCES[random.nextInt(SOURCES.length - 1)];
        SourceState[] states = SourceState.values();
        SourceState state = states[random.nextInt(states.length)];
        return new SourceHealthChanged(meta(SourceHealthChanged.idempotencyKey(source, state, sourceTime), source), state,
                states[random.nextInt(states.length)], random.nextBoolean() ? "HTTP 429" : "",
                state == SourceState.RATE_LIMITED ? (long) random.nextInt(60_000) : null);
    }

    private EventMeta meta(String id, String source) {
        return EventMeta.of(id, source, sourceTime, sourceTime + random.nextInt(500), TRACEPARENT);
    }

    private BigDecimal decimal() {
        return BigDecimal.valueOf(1 + random.nextInt(10_000_000), random.nextInt(6)).add(new BigDecimal("0.00"));
    }

    private BigDecimal maybe(BigDecimal value) {
        return random.nextBoolean() ? value : null;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    private static String text(JsonNode node) {
        return Frames.json().writeValueAsString(node);
    }
}
