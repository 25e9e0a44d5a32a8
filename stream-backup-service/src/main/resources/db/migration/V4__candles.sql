-- OHLCV candles (issue 18), kept up to date by the archive, read by the query service's history API.
--
-- candles_1m: one row per (symbol, source, quote, minute). Written in the same statement that archives quotes and
-- trades (rollup.RollupSql: INSERT ... ON CONFLICT DO NOTHING RETURNING, then only the returned rows aggregated,
-- so a redelivered batch counts nothing twice), and by the backfill's bars (origin 'backfill').
--   origin 'live':     prices from the quotes of the minute (open = the price at the earliest source time, close
--                      at the latest; open_at/close_at keep those times so quotes arriving out of order merge
--                      exactly), ticks = quotes counted; volume and trades from the venue's trades where it
--                      streams them (base_volume = sum of sizes, quote_volume = sum of price x size).
--   origin 'backfill': a closed bar from the source's history API, authoritative for its minute: it replaces a
--                      live aggregate of the same (symbol, source, quote, minute), and live rows arriving later
--                      for that minute leave it unchanged (ON CONFLICT ... DO UPDATE ... WHERE origin = 'live').
--                      ticks = the bar's trade count.
-- A row made by trades before any quote of its minute has volume but no prices yet (open..close null).
-- Partitioned by month on open_time like the raw tables (partitions created ahead and behind by the service,
-- dropped whole by retention after tickstream.backup.retention.candles-1m, default 90 days).
CREATE TABLE candles_1m (
    symbol       varchar(32) NOT NULL,
    source       varchar(64) NOT NULL,
    quote        varchar(16) NOT NULL,
    open_time    timestamptz NOT NULL,
    open         numeric,
    high         numeric,
    low          numeric,
    close        numeric,
    open_at      timestamptz,
    close_at     timestamptz,
    base_volume  numeric,
    quote_volume numeric,
    ticks        bigint      NOT NULL DEFAULT 0,
    trades       bigint,
    origin       varchar(8)  NOT NULL CHECK (origin IN ('live', 'backfill')),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT candles_1m_key PRIMARY KEY (symbol, source, quote, open_time)
) PARTITION BY RANGE (open_time);

CREATE TABLE candles_1m_default PARTITION OF candles_1m DEFAULT;

-- The longer intervals (interval_s: 300, 900, 3600, 14400, 86400), derived from the shorter ones by the rollup
-- job (rollup.DerivedCandles, every tickstream.backup.rollup.derive-every, default 5 s): 5m from 1m, 15m from 5m,
-- 1h from 15m, 4h from 1h, 1d from 4h; buckets aligned on UTC (date_bin from 2000-01-01, as the query service
-- and the push service's live candles). One table with an interval column: the rows are few (a day of one
-- series is 288 + 96 + 24 + 6 + 1 rows), retention deletes by interval, and one index serves every width.
-- origin: 'live', 'backfill' or 'mixed' (children of both).
CREATE TABLE candles_derived (
    interval_s   integer     NOT NULL,
    symbol       varchar(32) NOT NULL,
    source       varchar(64) NOT NULL,
    quote        varchar(16) NOT NULL,
    open_time    timestamptz NOT NULL,
    open         numeric,
    high         numeric,
    low          numeric,
    close        numeric,
    base_volume  numeric,
    quote_volume numeric,
    ticks        bigint      NOT NULL DEFAULT 0,
    trades       bigint,
    origin       varchar(8)  NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT candles_derived_key PRIMARY KEY (symbol, source, quote, interval_s, open_time)
);

-- Minutes whose 1m candle changed and whose longer buckets are not derived yet: written in the archive's
-- statement (same commit as the change), taken (DELETE ... RETURNING) by the rollup job.
CREATE TABLE candle_dirty (
    symbol    varchar(32) NOT NULL,
    source    varchar(64) NOT NULL,
    quote     varchar(16) NOT NULL,
    open_time timestamptz NOT NULL,
    CONSTRAINT candle_dirty_key PRIMARY KEY (symbol, source, quote, open_time)
);

-- Every candle series and the span of its minutes, kept by the rollup job: the query service picks a symbol's
-- source and quote currency here instead of scanning candles.
CREATE TABLE candle_series (
    symbol     varchar(32) NOT NULL,
    source     varchar(64) NOT NULL,
    quote      varchar(16) NOT NULL,
    first_open timestamptz NOT NULL,
    last_open  timestamptz NOT NULL,
    CONSTRAINT candle_series_key PRIMARY KEY (symbol, source, quote)
);
