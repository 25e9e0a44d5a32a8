-- Trades (issue 17): one row per trade on one venue, from the crypto:trades partitions. Like market_quotes:
-- range partitioned by source time (the venue's trade time), one partition per month created ahead by the
-- service (schema.MonthlyPartitions), a default partition for anything outside them. The natural key is the
-- idempotency key trade:<source>:<symbol>:<quote>:<tradeId>; it does not embed the source time, but a venue
-- reports one time per trade id, so (id, source_time) is as unique as id for every copy of the same trade
-- (a reconnect overlap, a REST gap fill, a replay): the copies are skipped by ON CONFLICT DO NOTHING.
CREATE TABLE market_trades (
    id             text        NOT NULL,
    symbol         varchar(32) NOT NULL,
    quote          varchar(16) NOT NULL,
    source         varchar(64) NOT NULL,
    price          numeric     NOT NULL,
    -- traded amount of the base asset
    size           numeric     NOT NULL,
    -- the taker's side: buy, sell or unknown
    side           varchar(8)  NOT NULL,
    -- the venue's trade id, as the venue writes it (a number on Binance, Coinbase and Kraken)
    trade_id       text        NOT NULL,
    source_time    timestamptz NOT NULL,
    ingest_time    timestamptz NOT NULL,
    schema_version smallint    NOT NULL,
    traceparent    text        NOT NULL,
    stream_id      varchar(41) NOT NULL,
    archived_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT market_trades_natural_key PRIMARY KEY (id, source_time)
) PARTITION BY RANGE (source_time);

CREATE TABLE market_trades_default PARTITION OF market_trades DEFAULT;

-- the recent trades of a symbol (newest first) and replays of a symbol over a time range
CREATE INDEX market_trades_symbol_time ON market_trades (symbol, source_time);
