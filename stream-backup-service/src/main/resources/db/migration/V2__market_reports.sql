-- Generated market reports (written by the query service's report generator, read by its report pages).
-- A report is immutable once generated: one row per scope, kind and period (the unique key), never updated
-- (a trigger refuses UPDATE); retention may delete rows whole.
CREATE TABLE market_reports (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- canonical key, e.g. report:market:1d:2026-12-06 or report:btc:1w:2026-11-30
    report_key     text        NOT NULL,
    -- 'market' (every symbol) or one canonical symbol in lower case
    scope          varchar(32) NOT NULL,
    -- '1d' (a UTC day), '1w' (a UTC week from Monday) or 'adhoc' (any range, on demand)
    kind           varchar(8)  NOT NULL,
    period_start   timestamptz NOT NULL,
    period_end     timestamptz NOT NULL,
    generated_at   timestamptz NOT NULL DEFAULT now(),
    -- which instance generated it (host and pid), for tracing duplicates that cannot happen
    generated_by   text        NOT NULL,
    -- version of the content's JSON shape
    format_version smallint    NOT NULL,
    content        jsonb       NOT NULL,
    CONSTRAINT market_reports_period CHECK (period_end > period_start),
    CONSTRAINT market_reports_one_per_period UNIQUE (scope, kind, period_start, period_end),
    CONSTRAINT market_reports_key UNIQUE (report_key)
);

-- the latest report and the paginated list (newest first)
CREATE INDEX market_reports_newest ON market_reports (period_end DESC, id DESC);

CREATE FUNCTION market_reports_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'market reports are immutable (report %)', OLD.id;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER market_reports_no_update BEFORE UPDATE ON market_reports
    FOR EACH ROW EXECUTE FUNCTION market_reports_immutable();

-- Leases on report generation: the instance holding a key's lease generates that report while the others
-- wait or skip it; an expired lease (its holder died) may be taken over. The unique key above is the
-- guarantee, the lease keeps two instances from doing the work twice.
CREATE TABLE market_report_leases (
    report_key  text        PRIMARY KEY,
    holder      text        NOT NULL,
    expires_at  timestamptz NOT NULL
);
