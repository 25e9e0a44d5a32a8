package io.tickstream.query.reports;

import io.r2dbc.spi.Readable;
import io.tickstream.query.candles.HistoryProperties;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Reports and generation leases in PostgreSQL ({@code market_reports}, {@code market_report_leases}, in the
 * archive's schema; the backup service's migration {@code V2} makes them). A report is inserted once
 * ({@code ON CONFLICT DO NOTHING} on its period and key) and never updated.
 */
@Component
class ReportStore {

    private static final String COLUMNS = "id, report_key, scope, kind, period_start, period_end, generated_at";

    private final DatabaseClient db;
    private final String table;
    private final String leases;

    ReportStore(DatabaseClient db, HistoryProperties history) {
        this.db = db;
        // validated by HistoryProperties ([a-z_][a-z0-9_]*)
        this.table = history.schema() + ".market_reports";
        this.leases = history.schema() + ".market_report_leases";
    }

    /** The id of the report with this key, empty when there is none. */
    Mono<Long> idOf(String key) {
        return db.sql("SELECT id FROM " + table + " WHERE report_key = $1").bind("$1", key)
                .map(row -> row.get("id", Long.class)).one();
    }

    /** Stores a report; its id, or empty when one of the same key or period exists already. */
    Mono<Long> insert(String key, ReportScope scope, ReportPeriod period, String generatedBy, String contentJson) {
        return db.sql("INSERT INTO " + table + " (report_key, scope, kind, period_start, period_end, generated_by, format_version, content)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) ON CONFLICT DO NOTHING RETURNING id")
                .bind("$1", key).bind("$2", scope.name()).bind("$3", period.kind().code())
                .bind("$4", utc(period.start())).bind("$5", utc(period.end())).bind("$6", generatedBy)
                .bind("$7", (short) ReportContent.FORMAT_VERSION).bind("$8", contentJson)
                .map(row -> row.get("id", Long.class)).one();
    }

    /**
     * Takes the generation lease of {@code key} for {@code ttl}: true when free, expired, or already
     * {@code holder}'s. The row lock of the upsert decides between instances racing for it.
     */
    Mono<Boolean> lease(String key, String holder, Duration ttl) {
        return db.sql("INSERT INTO " + leases + " AS l (report_key, holder, expires_at) VALUES ($1, $2, now() + $3::bigint * interval '1 millisecond')"
                        + " ON CONFLICT (report_key) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at"
                        + " WHERE l.expires_at < now() OR l.holder = EXCLUDED.holder RETURNING holder")
                .bind("$1", key).bind("$2", holder).bind("$3", ttl.toMillis())
                .map(row -> row.get("holder", String.class)).one()
                .map(holder::equals).defaultIfEmpty(false);
    }

    Mono<Void> release(String key, String holder) {
        return db.sql("DELETE FROM " + leases + " WHERE report_key = $1 AND holder = $2")
                .bind("$1", key).bind("$2", holder).then();
    }

    /** A stored report: its listing and its content as JSON text. */
    Mono<Stored> byId(long id) {
        return db.sql("SELECT " + COLUMNS + ", content::text AS content FROM " + table + " WHERE id = $1").bind("$1", id)
                .map(row -> new Stored(listing(row), row.get("content", String.class))).one();
    }

    /**
     * The id of the newest market report: the latest period end, the shorter period first on a tie (on a
     * Monday morning, Sunday's daily report before last week's).
     */
    Mono<Long> latestId() {
        return db.sql("SELECT id FROM " + table + " WHERE scope = 'market' ORDER BY period_end DESC, period_start DESC, id DESC LIMIT 1")
                .map(row -> row.get("id", Long.class)).one();
    }

    /** One page of the list, newest first; {@code scope} and {@code kind} filter when not empty. */
    Flux<ReportListing> page(String scope, String kind, int offset, int limit) {
        return db.sql("SELECT " + COLUMNS + " FROM " + table + " WHERE ($1 = '' OR scope = $1) AND ($2 = '' OR kind = $2)"
                        + " ORDER BY period_end DESC, period_start DESC, id DESC OFFSET $3 LIMIT $4")
                .bind("$1", scope).bind("$2", kind).bind("$3", offset).bind("$4", limit)
                .map(ReportStore::listing).all();
    }

    Mono<Long> count(String scope, String kind) {
        return db.sql("SELECT count(*) AS n FROM " + table + " WHERE ($1 = '' OR scope = $1) AND ($2 = '' OR kind = $2)")
                .bind("$1", scope).bind("$2", kind).map(row -> row.get("n", Long.class)).one();
    }

    private static ReportListing listing(Readable row) {
        long id = row.get("id", Long.class);
        return new ReportListing(id, row.get("report_key", String.class), row.get("scope", String.class),
                row.get("kind", String.class), time(row, "period_start"), time(row, "period_end"),
                time(row, "generated_at"), ReportListing.Links.of(id));
    }

    private static Instant time(Readable row, String column) {
        return row.get(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    record Stored(ReportListing listing, String contentJson) {
    }
}
