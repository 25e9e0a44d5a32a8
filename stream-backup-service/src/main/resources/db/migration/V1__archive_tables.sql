-- Archive of the Tickstream streams. Flyway runs this with search_path set to the configured schema
-- (tickstream.backup.schema.name), so names here are unqualified.
--
-- The natural key of every table is the entry's idempotency key ("id" field): redelivered and replayed
-- entries are skipped (INSERT ... ON CONFLICT DO NOTHING). The stream entry id is kept for tracing only:
-- ids restart when Redis loses its data.

-- Quotes: the volume (one row per symbol, source and poll) calls for range partitioning by source time,
-- one partition per month, created ahead by the service (QuotePartitions). A partitioned table's unique
-- key must contain the partition column: the id embeds the source time, so (id, source_time) is as
-- unique as id alone.
CREATE TABLE market_quotes (
    id                text        NOT NULL,
    symbol            varchar(32) NOT NULL,
    quote             varchar(16) NOT NULL,
    source            varchar(64) NOT NULL,
    price             numeric     NOT NULL,
    change_24h_pct    numeric,
    volume_24h        numeric,
    market_cap        numeric,
    high_24h          numeric,
    low_24h           numeric,
    stale             boolean     NOT NULL DEFAULT false,
    consensus_sources integer,
    consensus_low     numeric,
    consensus_high    numeric,
    source_time       timestamptz NOT NULL,
    ingest_time       timestamptz NOT NULL,
    schema_version    smallint    NOT NULL,
    traceparent       text        NOT NULL,
    stream_id         varchar(41) NOT NULL,
    archived_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT market_quotes_natural_key PRIMARY KEY (id, source_time)
) PARTITION BY RANGE (source_time);

-- Rows outside every monthly partition (very old history, clock trouble) land here instead of failing.
CREATE TABLE market_quotes_default PARTITION OF market_quotes DEFAULT;

-- history and candles: one symbol over a time range (optionally one quote currency or source)
CREATE INDEX market_quotes_symbol_time ON market_quotes (symbol, source_time);

CREATE TABLE market_summaries (
    id                        text        NOT NULL,
    source                    varchar(64) NOT NULL,
    total_market_cap_usd      numeric,
    total_volume_usd          numeric,
    btc_dominance_pct         numeric,
    eth_dominance_pct         numeric,
    market_cap_change_24h_pct numeric,
    active_cryptocurrencies   integer,
    fear_greed_value          smallint,
    fear_greed_label          varchar(64),
    source_time               timestamptz NOT NULL,
    ingest_time               timestamptz NOT NULL,
    schema_version            smallint    NOT NULL,
    traceparent               text        NOT NULL,
    stream_id                 varchar(41) NOT NULL,
    archived_at               timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT market_summaries_natural_key PRIMARY KEY (id)
);

CREATE INDEX market_summaries_time ON market_summaries (source_time);

CREATE TABLE source_health (
    id              text        NOT NULL,
    source          varchar(64) NOT NULL,
    state           varchar(16) NOT NULL,
    previous_state  varchar(16) NOT NULL,
    reason          text        NOT NULL,
    retry_after_ms  bigint,
    source_time     timestamptz NOT NULL,
    ingest_time     timestamptz NOT NULL,
    schema_version  smallint    NOT NULL,
    traceparent     text        NOT NULL,
    stream_id       varchar(41) NOT NULL,
    archived_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT source_health_natural_key PRIMARY KEY (id)
);

CREATE INDEX source_health_source_time ON source_health (source, source_time);
