package io.tickstream.backup.archive;

import io.tickstream.backup.rollup.LiveCandleSql;
import io.tickstream.backup.rollup.RollupProperties;
import io.tickstream.backup.schema.SchemaProperties;
import io.tickstream.common.event.Bar;
import io.tickstream.common.event.EventType;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.Trade;

import java.util.List;
import java.util.function.Function;

import static io.tickstream.backup.archive.Column.bigint;
import static io.tickstream.backup.archive.Column.bool;
import static io.tickstream.backup.archive.Column.epochMillis;
import static io.tickstream.backup.archive.Column.integer;
import static io.tickstream.backup.archive.Column.numeric;
import static io.tickstream.backup.archive.Column.smallint;
import static io.tickstream.backup.archive.Column.text;

/**
 * The archive tables (see {@code db/migration}) and which event type goes where: quotes and trades into their raw
 * tables with their 1-minute candles in the same statement ({@link LiveCandleSql}), bars (the backfill) straight
 * into {@code candles_1m}.
 */
final class ArchiveTables {

    private final ArchiveTable quotes;
    private final ArchiveTable summaries;
    private final ArchiveTable health;
    private final ArchiveTable trades;
    private final ArchiveTable bars;

    ArchiveTables(SchemaProperties schema) {
        this(schema, RollupProperties.defaults());
    }

    ArchiveTables(SchemaProperties schema, RollupProperties rollup) {
        LiveCandleSql candles = new LiveCandleSql(schema, rollup);
        quotes = new ArchiveTable(schema.table("market_quotes"), withMeta(List.of(
                text("symbol", quote(Quote::symbol)),
                text("quote", quote(Quote::quote)),
                numeric("price", quote(Quote::price)),
                numeric("change_24h_pct", quote(Quote::change24hPct)),
                numeric("volume_24h", quote(Quote::volume24h)),
                numeric("market_cap", quote(Quote::marketCap)),
                numeric("high_24h", quote(Quote::high24h)),
                numeric("low_24h", quote(Quote::low24h)),
                bool("stale", quote(Quote::stale)),
                integer("consensus_sources", quote(q -> q.consensus() == null ? null : q.consensus().sources())),
                numeric("consensus_low", quote(q -> q.consensus() == null ? null : q.consensus().low())),
                numeric("consensus_high", quote(q -> q.consensus() == null ? null : q.consensus().high())))),
                ArchiveTable.Uniqueness.KEY, candles::quotes);
        summaries = new ArchiveTable(schema.table("market_summaries"), withMeta(List.of(
                numeric("total_market_cap_usd", summary(MarketSummary::totalMarketCapUsd)),
                numeric("total_volume_usd", summary(MarketSummary::totalVolumeUsd)),
                numeric("btc_dominance_pct", summary(MarketSummary::btcDominancePct)),
                numeric("eth_dominance_pct", summary(MarketSummary::ethDominancePct)),
                numeric("market_cap_change_24h_pct", summary(MarketSummary::marketCapChange24hPct)),
                integer("active_cryptocurrencies", summary(MarketSummary::activeCryptocurrencies)),
                smallint("fear_greed_value", summary(MarketSummary::fearGreedValue)),
                text("fear_greed_label", summary(MarketSummary::fearGreedLabel)))));
        health = new ArchiveTable(schema.table("source_health"), withMeta(List.of(
                text("state", health(h -> h.state().wireName())),
                text("previous_state", health(h -> h.previous().wireName())),
                text("reason", health(SourceHealthChanged::reason)),
                bigint("retry_after_ms", health(SourceHealthChanged::retryAfterMs)))));
        // a trade's key holds no source time: copies of one trade reported at different times (a gap fill
        // over REST rounding a venue's time otherwise) are stopped by the id alone
        trades = new ArchiveTable(schema.table("market_trades"), withMeta(List.of(
                text("symbol", trade(Trade::symbol)),
                text("quote", trade(Trade::quote)),
                numeric("price", trade(Trade::price)),
                numeric("size", trade(Trade::size)),
                text("side", trade(t -> t.side().wireName())),
                text("trade_id", trade(Trade::tradeId)))), ArchiveTable.Uniqueness.ID_ACROSS_PARTITIONS, candles::trades);
        bars = ArchiveTable.upsert(schema.table("candles_1m"), List.of(
                text("symbol", bar(Bar::symbol)),
                text("source", e -> e.event().meta().source()),
                text("quote", bar(Bar::quote)),
                integer("interval_s", bar(Bar::interval)),
                epochMillis("open_time", e -> e.event().meta().sourceTime()),
                numeric("open", bar(Bar::open)),
                numeric("high", bar(Bar::high)),
                numeric("low", bar(Bar::low)),
                numeric("close", bar(Bar::close)),
                numeric("base_volume", bar(Bar::baseVolume)),
                numeric("quote_volume", bar(Bar::quoteVolume)),
                bigint("trades", bar(Bar::trades))), candles::bars);
    }

    ArchiveTable tableFor(EventType type) {
        return switch (type) {
            case QUOTE -> quotes;
            case MARKET_SUMMARY -> summaries;
            case SOURCE_HEALTH -> health;
            case TRADE -> trades;
            case BAR -> bars;
        };
    }

    /** Columns every table has, around the type's own. */
    private static List<Column<DecodedEntry>> withMeta(List<Column<DecodedEntry>> own) {
        List<Column<DecodedEntry>> all = new java.util.ArrayList<>();
        all.add(text("id", e -> e.event().meta().id()));
        all.add(text("source", e -> e.event().meta().source()));
        all.addAll(own);
        all.add(epochMillis("source_time", e -> e.event().meta().sourceTime()));
        all.add(epochMillis("ingest_time", e -> e.event().meta().ingestTime()));
        all.add(smallint("schema_version", e -> e.event().meta().version()));
        all.add(text("traceparent", e -> e.event().meta().traceparent()));
        all.add(text("stream_id", DecodedEntry::streamId));
        return all;
    }

    private static <T> Function<DecodedEntry, T> quote(Function<Quote, T> f) {
        return e -> f.apply((Quote) e.event());
    }

    private static <T> Function<DecodedEntry, T> summary(Function<MarketSummary, T> f) {
        return e -> f.apply((MarketSummary) e.event());
    }

    private static <T> Function<DecodedEntry, T> trade(Function<Trade, T> f) {
        return e -> f.apply((Trade) e.event());
    }

    private static <T> Function<DecodedEntry, T> bar(Function<Bar, T> f) {
        return e -> f.apply((Bar) e.event());
    }

    private static <T> Function<DecodedEntry, T> health(Function<SourceHealthChanged, T> f) {
        return e -> f.apply((SourceHealthChanged) e.event());
    }
}
