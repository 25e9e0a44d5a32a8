package io.tickstream.common.stream;

/**
 * Field names of stream entries. Other services and operators rely on these names; change them only
 * with a new schema version.
 */
public final class StreamFields {

    // every entry
    public static final String VERSION = "v";
    public static final String TYPE = "type";
    public static final String ID = "id";
    public static final String SOURCE = "source";
    public static final String SOURCE_TIME = "sourceTime";
    public static final String INGEST_TIME = "ingestTime";
    public static final String TRACEPARENT = "traceparent";

    // quote
    public static final String SYMBOL = "symbol";
    public static final String QUOTE = "quote";
    public static final String PRICE = "price";
    public static final String CHANGE_24H_PCT = "change24hPct";
    public static final String VOLUME_24H = "volume24h";
    public static final String MARKET_CAP = "marketCap";
    public static final String HIGH_24H = "high24h";
    public static final String LOW_24H = "low24h";
    public static final String STALE = "stale";
    public static final String CONSENSUS_SOURCES = "consensusSources";
    public static final String CONSENSUS_LOW = "consensusLow";
    public static final String CONSENSUS_HIGH = "consensusHigh";
    public static final String BID = "bid";
    public static final String ASK = "ask";

    // trade (also SYMBOL, QUOTE, PRICE)
    public static final String SIZE = "size";
    public static final String SIDE = "side";
    public static final String TRADE_ID = "tradeId";

    // bar (also SYMBOL, QUOTE; the source time is the open time)
    public static final String INTERVAL = "interval";
    public static final String OPEN = "open";
    public static final String HIGH = "high";
    public static final String LOW = "low";
    public static final String CLOSE = "close";
    public static final String BASE_VOLUME = "baseVolume";
    public static final String QUOTE_VOLUME = "quoteVolume";
    public static final String TRADES = "trades";

    // market summary
    public static final String TOTAL_MARKET_CAP_USD = "totalMarketCapUsd";
    public static final String TOTAL_VOLUME_USD = "totalVolumeUsd";
    public static final String BTC_DOMINANCE_PCT = "btcDominancePct";
    public static final String ETH_DOMINANCE_PCT = "ethDominancePct";
    public static final String MARKET_CAP_CHANGE_24H_PCT = "marketCapChange24hPct";
    public static final String ACTIVE_CRYPTOCURRENCIES = "activeCryptocurrencies";
    public static final String FEAR_GREED_VALUE = "fearGreedValue";
    public static final String FEAR_GREED_LABEL = "fearGreedLabel";

    // source health
    public static final String STATE = "state";
    public static final String PREVIOUS_STATE = "previousState";
    public static final String REASON = "reason";
    public static final String RETRY_AFTER_MS = "retryAfterMs";

    // dead-letter entries: the original fields plus these
    public static final String DLQ_REASON = "dlqReason";
    public static final String DLQ_ORIGINAL_ID = "dlqOriginalId";
    public static final String DLQ_DELIVERIES = "dlqDeliveries";

    private StreamFields() {
    }
}
