package io.tickstream.push.channel;

import io.tickstream.common.event.Decimals;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;

/**
 * The channel objects as the push service built them before the common projection (stream order, no
 * time check), kept frozen here as the reference {@link ChannelStateCompatibilityTests} compares the
 * common builders with: for entries in source-time order the two must agree member for member.
 */
final class LegacyChannelFold {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private LegacyChannelFold() {
    }

    /** The state after {@code event}; {@code current} may be null (no state yet). */
    static ObjectNode fold(ObjectNode current, MarketEvent event) {
        return switch (event) {
            case Quote q -> ticker(current, q);
            case MarketSummary s -> dashboard(current, s);
            case SourceHealthChanged h -> health(current, h);
            default -> throw new IllegalArgumentException("the legacy fold knows no " + event.type());
        };
    }

    private static ObjectNode ticker(ObjectNode current, Quote q) {
        ObjectNode next = current == null ? newTicker(q.symbol()) : current.deepCopy();
        ObjectNode quote = quote(q);
        if (Quote.CONSENSUS_SOURCE.equals(q.meta().source())) {
            next.set("consensus", quote);
        } else {
            ((ObjectNode) next.get("sources")).set(q.meta().source(), quote);
        }
        return next;
    }

    private static ObjectNode newTicker(String symbol) {
        ObjectNode ticker = JSON.objectNode();
        ticker.put("symbol", symbol);
        ticker.putNull("consensus");
        ticker.putObject("sources");
        return ticker;
    }

    private static ObjectNode quote(Quote q) {
        ObjectNode node = JSON.objectNode();
        node.put("source", q.meta().source());
        node.put("quote", q.quote());
        node.put("price", Decimals.toWire(q.price()));
        putDecimal(node, "change24hPct", q.change24hPct());
        putDecimal(node, "volume24h", q.volume24h());
        putDecimal(node, "marketCap", q.marketCap());
        putDecimal(node, "high24h", q.high24h());
        putDecimal(node, "low24h", q.low24h());
        node.put("stale", q.stale());
        if (q.consensus() != null) {
            node.put("consensusSources", q.consensus().sources());
            node.put("consensusLow", Decimals.toWire(q.consensus().low()));
            node.put("consensusHigh", Decimals.toWire(q.consensus().high()));
        }
        node.put("sourceTime", q.meta().sourceTime());
        node.put("ingestTime", q.meta().ingestTime());
        return node;
    }

    private static ObjectNode dashboard(ObjectNode current, MarketSummary s) {
        ObjectNode next = current == null ? JSON.objectNode() : current.deepCopy();
        putDecimal(next, "totalMarketCapUsd", s.totalMarketCapUsd());
        putDecimal(next, "totalVolumeUsd", s.totalVolumeUsd());
        putDecimal(next, "btcDominancePct", s.btcDominancePct());
        putDecimal(next, "ethDominancePct", s.ethDominancePct());
        putDecimal(next, "marketCapChange24hPct", s.marketCapChange24hPct());
        if (s.activeCryptocurrencies() != null) {
            next.put("activeCryptocurrencies", s.activeCryptocurrencies());
        }
        if (s.fearGreedValue() != null) {
            next.put("fearGreedValue", s.fearGreedValue());
        }
        if (s.fearGreedLabel() != null) {
            next.put("fearGreedLabel", s.fearGreedLabel());
        }
        ObjectNode updatedAt = next.has("updatedAt") ? (ObjectNode) next.get("updatedAt") : next.putObject("updatedAt");
        updatedAt.put(s.meta().source(), s.meta().sourceTime());
        return next;
    }

    private static ObjectNode health(ObjectNode current, SourceHealthChanged h) {
        ObjectNode next = current == null ? JSON.objectNode() : current.deepCopy();
        ObjectNode sources = next.has("sources") ? (ObjectNode) next.get("sources") : next.putObject("sources");
        ObjectNode source = JSON.objectNode();
        source.put("state", h.state().wireName());
        source.put("previous", h.previous().wireName());
        source.put("reason", h.reason());
        if (h.retryAfterMs() != null) {
            source.put("retryAfterMs", h.retryAfterMs());
        }
        source.put("at", h.meta().sourceTime());
        sources.set(h.meta().source(), source);
        return next;
    }

    private static void putDecimal(ObjectNode node, String name, BigDecimal value) {
        if (value != null) {
            node.put(name, Decimals.toWire(value));
        }
    }
}
