package io.tickstream.backup.archive;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * An archive table and its one-statement batch insert: every column bound as one array,
 * {@code INSERT ... SELECT ... FROM unnest($1::text[], $2::int8[], ...) ON CONFLICT DO NOTHING}, so a
 * batch of any size is one parameterized statement and one round trip, and rows already archived
 * (same idempotency key) are skipped. Large batches may go by {@code COPY} into a staging table instead
 * ({@link #copy}), then through the same statement.
 *
 * <p>On a table partitioned by time the unique key must hold the partition column, {@code (id, source_time)}.
 * Where the id embeds the source time (a quote) that is as unique as the id; where it does not (a trade),
 * {@link Uniqueness#ID_ACROSS_PARTITIONS} also skips rows whose id is archived at any time, and keeps one row
 * per id of the batch, so two copies of one event with different source times still make one row.
 */
final class ArchiveTable {

    /** What makes a row a duplicate beyond the table's unique key. */
    enum Uniqueness {
        /** The unique key alone. */
        KEY,
        /** Also any row of the same {@code id}, whatever its source time (a lookup on the key's first column). */
        ID_ACROSS_PARTITIONS
    }

    private final String name;
    private final List<Column<DecodedEntry>> columns;
    private final String insertSql;
    /** The statement run: the insert itself, or a statement around it that answers one row {@code written}. */
    private final String statement;
    /** The same statement reading the rows from the staging table a COPY filled, instead of bound arrays. */
    private final String stagedStatement;
    private final CopyStaging staging;

    ArchiveTable(String qualifiedName, List<Column<DecodedEntry>> columns) {
        this(qualifiedName, columns, Uniqueness.KEY, null);
    }

    /**
     * @param around null, or what turns the insert into the statement run, e.g. one that also rolls the inserted
     *               rows up into candles ({@code WITH ins AS (<insert> RETURNING ...) ... SELECT count(*) AS written
     *               FROM ins}); it must answer one row with the number of rows inserted as {@code written}
     */
    ArchiveTable(String qualifiedName, List<Column<DecodedEntry>> columns, Uniqueness uniqueness,
                 java.util.function.UnaryOperator<String> around) {
        this.name = qualifiedName;
        this.columns = List.copyOf(columns);
        this.staging = new CopyStaging(qualifiedName, this.columns);
        this.insertSql = insertSql(qualifiedName, this.columns, uniqueness, unnest(this.columns));
        this.statement = around == null ? null : around.apply(insertSql);
        String stagedInsert = insertSql(qualifiedName, this.columns, uniqueness, staging.from());
        this.stagedStatement = around == null ? stagedInsert : around.apply(stagedInsert);
    }

    /**
     * A table written by {@code statement}, given {@code FROM (SELECT <typed columns> FROM unnest(...)) AS u} over
     * the bound columns, and answering one row {@code written}.
     */
    static ArchiveTable upsert(String qualifiedName, List<Column<DecodedEntry>> columns,
                               java.util.function.Function<String, String> statement) {
        String typed = columns.stream().map(c -> c.select() + " AS " + c.name()).collect(Collectors.joining(", "));
        CopyStaging staging = new CopyStaging(qualifiedName, columns);
        return new ArchiveTable(qualifiedName, columns, staging,
                statement.apply("FROM (SELECT " + typed + " " + unnest(columns) + ") AS u"),
                statement.apply("FROM (SELECT " + typed + " " + staging.from() + ") AS u"));
    }

    private ArchiveTable(String qualifiedName, List<Column<DecodedEntry>> columns, CopyStaging staging, String statement,
                         String stagedStatement) {
        this.name = qualifiedName;
        this.columns = List.copyOf(columns);
        this.staging = staging;
        this.insertSql = statement;
        this.statement = statement;
        this.stagedStatement = stagedStatement;
    }

    String name() {
        return name;
    }

    String insertSql() {
        return insertSql;
    }

    /** The statement a batch runs: {@link #insertSql()}, or the statement around it. */
    String statement() {
        return statement == null ? insertSql : statement;
    }

    /** Inserts {@code rows}; emits how many were new and how many already there. */
    Mono<WriteResult> insert(DatabaseClient db, List<DecodedEntry> rows) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(statement());
        for (int i = 0; i < columns.size(); i++) {
            spec = spec.bind(i, columns.get(i).array(rows));
        }
        Mono<Long> written = statement == null
                ? spec.fetch().rowsUpdated()
                : spec.map(row -> row.get("written", Long.class)).one();
        return written.map(n -> new WriteResult(n, rows.size() - n));
    }

    /**
     * Inserts {@code rows} as {@link #insert} does, but sends them by {@code COPY} into a temporary staging table
     * first (COPY cannot skip duplicates itself), then runs the same statement over the staging table. Must run
     * inside a transaction: the staging table empties itself at commit ({@code ON COMMIT DELETE ROWS}).
     */
    Mono<WriteResult> copy(DatabaseClient db, List<DecodedEntry> rows) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(stagedStatement);
        Mono<Long> written = statement == null
                ? spec.fetch().rowsUpdated()
                : spec.map(row -> row.get("written", Long.class)).one();
        return staging.fill(db, rows).then(written).map(n -> new WriteResult(n, rows.size() - n));
    }

    private static String insertSql(String table, List<Column<DecodedEntry>> columns, Uniqueness uniqueness,
                                    String from) {
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        String selects = columns.stream().map(Column::select).collect(Collectors.joining(", "));
        String rows = " " + from;
        if (uniqueness == Uniqueness.ID_ACROSS_PARTITIONS) {
            return "INSERT INTO " + table + " (" + names + ") SELECT DISTINCT ON (u.id) " + selects + rows
                    + " WHERE NOT EXISTS (SELECT 1 FROM " + table + " a WHERE a.id = u.id) ON CONFLICT DO NOTHING";
        }
        return "INSERT INTO " + table + " (" + names + ") SELECT " + selects + rows + " ON CONFLICT DO NOTHING";
    }

    /** {@code FROM unnest($1::text[], ...) AS u(<names>)}: the bound arrays as rows {@code u}. */
    private static String unnest(List<Column<DecodedEntry>> columns) {
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        String arrays = IntStream.range(0, columns.size())
                .mapToObj(i -> "$" + (i + 1) + "::" + columns.get(i).arrayType())
                .collect(Collectors.joining(", "));
        return "FROM unnest(" + arrays + ") AS u(" + names + ")";
    }
}
