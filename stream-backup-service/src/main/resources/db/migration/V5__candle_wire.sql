-- Each derived candle's JSON as the query service answers it (io.tickstream.common.market.CandleJsonSql), written
-- by the rollup job when it derives the candle: a page of a year of hourly candles is then a concatenation of
-- stored text, not 8,760 rows' decimals formatted per request. NULL for rows derived before this column (the query
-- service renders those itself); no rewrite of existing rows.
ALTER TABLE candles_derived ADD COLUMN wire text;
