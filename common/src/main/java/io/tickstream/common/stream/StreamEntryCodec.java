package io.tickstream.common.stream;

import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.Bar;
import io.tickstream.common.event.EventType;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.SourceState;
import io.tickstream.common.event.Trade;
import io.tickstream.common.event.TradeSide;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.tickstream.common.stream.StreamFields.*;

/**
 * The codec between {@link MarketEvent} records and stream entry fields, the only code in Tickstream
 * that does this. Absent optional values are left out of the entry; unknown fields are ignored when
 * decoding; a missing required field or a malformed value is an {@link EventDecodeException}.
 */
public final class StreamEntryCodec {

    private StreamEntryCodec() {
    }

    /** The fields of {@code event}, in a stable order. */
    public static Map<String, String> encode(MarketEvent event) {
        Map<String, String> fields = new LinkedHashMap<>(24);
        EventMeta meta = event.meta();
        fields.put(VERSION, Integer.toString(meta.version()));
        fields.put(TYPE, event.type().wireName());
        fields.put(ID, meta.id());
        fields.put(SOURCE, meta.source());
        fields.put(SOURCE_TIME, Long.toString(meta.sourceTime()));
        fields.put(INGEST_TIME, Long.toString(meta.ingestTime()));
        fields.put(TRACEPARENT, meta.traceparent());
        switch (event) {
            case Quote q -> encodeQuote(q, fields);
            case MarketSummary s -> encodeSummary(s, fields);
            case SourceHealthChanged h -> encodeHealth(h, fields);
            case Trade t -> encodeTrade(t, fields);
            case Bar b -> encodeBar(b, fields);
        }
        return fields;
    }

    /**
     * The event held by {@code fields}.
     *
     * @throws EventDecodeException when a required field is missing or a value is malformed
     */
    public static MarketEvent decode(Map<String, String> fields) {
        String typeName = required(fields, TYPE);
        EventType type = EventType.fromWire(typeName)
                .orElseThrow(() -> new EventDecodeException(TYPE, "unknown event type '" + typeName + "'"));
        EventMeta meta = decodeMeta(fields);
        try {
            return switch (type) {
                case QUOTE -> decodeQuote(meta, fields);
                case MARKET_SUMMARY -> decodeSummary(meta, fields);
                case SOURCE_HEALTH -> decodeHealth(meta, fields);
                case TRADE -> decodeTrade(meta, fields);
                case BAR -> decodeBar(meta, fields);
            };
        } catch (IllegalArgumentException | NullPointerException | ArithmeticException e) {
            // the record constructors reject values that parse but break an invariant (price <= 0...)
            throw new EventDecodeException(type.wireName(), "invalid " + type.wireName() + ": " + e.getMessage(), e);
        }
    }

    private static void encodeQuote(Quote q, Map<String, String> fields) {
        fields.put(SYMBOL, q.symbol());
        fields.put(QUOTE, q.quote());
        fields.put(PRICE, plain(q.price()));
        putDecimal(fields, CHANGE_24H_PCT, q.change24hPct());
        putDecimal(fields, VOLUME_24H, q.volume24h());
        putDecimal(fields, MARKET_CAP, q.marketCap());
        putDecimal(fields, HIGH_24H, q.high24h());
        putDecimal(fields, LOW_24H, q.low24h());
        if (q.stale()) {
            fields.put(STALE, "true");
        }
        if (q.consensus() != null) {
            fields.put(CONSENSUS_SOURCES, Integer.toString(q.consensus().sources()));
            fields.put(CONSENSUS_LOW, plain(q.consensus().low()));
            fields.put(CONSENSUS_HIGH, plain(q.consensus().high()));
        }
        putDecimal(fields, BID, q.bid());
        putDecimal(fields, ASK, q.ask());
    }

    private static void encodeTrade(Trade t, Map<String, String> fields) {
        fields.put(SYMBOL, t.symbol());
        fields.put(QUOTE, t.quote());
        fields.put(PRICE, plain(t.price()));
        fields.put(SIZE, plain(t.size()));
        fields.put(SIDE, t.side().wireName());
        fields.put(TRADE_ID, t.tradeId());
    }

    private static void encodeBar(Bar b, Map<String, String> fields) {
        fields.put(SYMBOL, b.symbol());
        fields.put(QUOTE, b.quote());
        fields.put(INTERVAL, Integer.toString(b.interval()));
        fields.put(OPEN, plain(b.open()));
        fields.put(HIGH, plain(b.high()));
        fields.put(LOW, plain(b.low()));
        fields.put(CLOSE, plain(b.close()));
        putDecimal(fields, BASE_VOLUME, b.baseVolume());
        putDecimal(fields, QUOTE_VOLUME, b.quoteVolume());
        if (b.trades() != null) {
            fields.put(TRADES, Long.toString(b.trades()));
        }
    }

    private static Bar decodeBar(EventMeta meta, Map<String, String> fields) {
        return new Bar(meta, required(fields, SYMBOL), required(fields, QUOTE), (int) requiredLong(fields, INTERVAL),
                requiredDecimal(fields, OPEN), requiredDecimal(fields, HIGH), requiredDecimal(fields, LOW),
                requiredDecimal(fields, CLOSE), optionalDecimal(fields, BASE_VOLUME), optionalDecimal(fields, QUOTE_VOLUME),
                fields.containsKey(TRADES) ? requiredLong(fields, TRADES) : null);
    }

    private static Trade decodeTrade(EventMeta meta, Map<String, String> fields) {
        String side = fields.getOrDefault(SIDE, TradeSide.UNKNOWN.wireName());
        return new Trade(meta, required(fields, SYMBOL), required(fields, QUOTE), requiredDecimal(fields, PRICE),
                requiredDecimal(fields, SIZE),
                TradeSide.fromWire(side).orElseThrow(() -> new EventDecodeException(SIDE, "unknown trade side '" + side + "'")),
                required(fields, TRADE_ID));
    }

    private static void encodeSummary(MarketSummary s, Map<String, String> fields) {
        putDecimal(fields, TOTAL_MARKET_CAP_USD, s.totalMarketCapUsd());
        putDecimal(fields, TOTAL_VOLUME_USD, s.totalVolumeUsd());
        putDecimal(fields, BTC_DOMINANCE_PCT, s.btcDominancePct());
        putDecimal(fields, ETH_DOMINANCE_PCT, s.ethDominancePct());
        putDecimal(fields, MARKET_CAP_CHANGE_24H_PCT, s.marketCapChange24hPct());
        putInt(fields, ACTIVE_CRYPTOCURRENCIES, s.activeCryptocurrencies());
        putInt(fields, FEAR_GREED_VALUE, s.fearGreedValue());
        if (s.fearGreedLabel() != null) {
            fields.put(FEAR_GREED_LABEL, s.fearGreedLabel());
        }
    }

    private static void encodeHealth(SourceHealthChanged h, Map<String, String> fields) {
        fields.put(STATE, h.state().wireName());
        fields.put(PREVIOUS_STATE, h.previous().wireName());
        fields.put(REASON, h.reason());
        if (h.retryAfterMs() != null) {
            fields.put(RETRY_AFTER_MS, Long.toString(h.retryAfterMs()));
        }
    }

    private static EventMeta decodeMeta(Map<String, String> fields) {
        int version = (int) requiredLong(fields, VERSION);
        if (version < 1) {
            throw new EventDecodeException(VERSION, "schema version must be >= 1, was " + version);
        }
        return new EventMeta(version, required(fields, ID), required(fields, SOURCE),
                requiredLong(fields, SOURCE_TIME), requiredLong(fields, INGEST_TIME), required(fields, TRACEPARENT));
    }

    private static Quote decodeQuote(EventMeta meta, Map<String, String> fields) {
        Quote.Consensus consensus = null;
        if (fields.containsKey(CONSENSUS_SOURCES)) {
            consensus = new Quote.Consensus((int) requiredLong(fields, CONSENSUS_SOURCES),
                    requiredDecimal(fields, CONSENSUS_LOW), requiredDecimal(fields, CONSENSUS_HIGH));
        }
        return new Quote(meta, required(fields, SYMBOL), required(fields, QUOTE), requiredDecimal(fields, PRICE),
                optionalDecimal(fields, CHANGE_24H_PCT), optionalDecimal(fields, VOLUME_24H),
                optionalDecimal(fields, MARKET_CAP), optionalDecimal(fields, HIGH_24H), optionalDecimal(fields, LOW_24H),
                Boolean.parseBoolean(fields.get(STALE)), consensus, optionalDecimal(fields, BID),
                optionalDecimal(fields, ASK));
    }

    private static MarketSummary decodeSummary(EventMeta meta, Map<String, String> fields) {
        return new MarketSummary(meta, optionalDecimal(fields, TOTAL_MARKET_CAP_USD),
                optionalDecimal(fields, TOTAL_VOLUME_USD), optionalDecimal(fields, BTC_DOMINANCE_PCT),
                optionalDecimal(fields, ETH_DOMINANCE_PCT), optionalDecimal(fields, MARKET_CAP_CHANGE_24H_PCT),
                optionalInt(fields, ACTIVE_CRYPTOCURRENCIES), optionalInt(fields, FEAR_GREED_VALUE),
                fields.get(FEAR_GREED_LABEL));
    }

    private static SourceHealthChanged decodeHealth(EventMeta meta, Map<String, String> fields) {
        Long retryAfter = fields.containsKey(RETRY_AFTER_MS) ? requiredLong(fields, RETRY_AFTER_MS) : null;
        return new SourceHealthChanged(meta, state(fields, STATE), state(fields, PREVIOUS_STATE),
                fields.getOrDefault(REASON, ""), retryAfter);
    }

    private static SourceState state(Map<String, String> fields, String name) {
        String value = required(fields, name);
        return SourceState.fromWire(value)
                .orElseThrow(() -> new EventDecodeException(name, "unknown source state '" + value + "'"));
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isBlank()) {
            throw EventDecodeException.missing(name);
        }
        return value;
    }

    private static long requiredLong(Map<String, String> fields, String name) {
        String value = required(fields, name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new EventDecodeException(name, "field '" + name + "' is not an integer: '" + value + "'", e);
        }
    }

    private static BigDecimal requiredDecimal(Map<String, String> fields, String name) {
        return parseDecimal(name, required(fields, name));
    }

    private static BigDecimal optionalDecimal(Map<String, String> fields, String name) {
        String value = fields.get(name);
        return value == null || value.isEmpty() ? null : parseDecimal(name, value);
    }

    private static Integer optionalInt(Map<String, String> fields, String name) {
        return fields.containsKey(name) ? Math.toIntExact(requiredLong(fields, name)) : null;
    }

    private static BigDecimal parseDecimal(String name, String value) {
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new EventDecodeException(name, "field '" + name + "' is not a decimal: '" + value + "'", e);
        }
    }

    private static void putDecimal(Map<String, String> fields, String name, BigDecimal value) {
        if (value != null) {
            fields.put(name, plain(value));
        }
    }

    /** The records normalize their decimals on construction, so the wire form is just the plain string. */
    private static String plain(BigDecimal normalized) {
        return normalized.toPlainString();
    }

    private static void putInt(Map<String, String> fields, String name, Integer value) {
        if (value != null) {
            fields.put(name, Integer.toString(value));
        }
    }
}
