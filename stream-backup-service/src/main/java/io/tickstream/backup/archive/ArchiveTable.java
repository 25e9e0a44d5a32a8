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
 * (same idempotency key) are skipped.
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

    ArchiveTable(String qualifiedName, List<Column<DecodedEntry>> columns) {
        this(qualifiedName, columns, Uniqueness.KEY);
    }

    ArchiveTable(String qualifiedName, List<Column<DecodedEntry>> columns, Uniqueness uniqueness) {
        this.name = qualifiedName;
        this.columns = List.copyOf(columns);
        this.insertSql = insertSql(qualifiedName, this.columns, uniqueness);
    }

    String name() {
        return name;
    }

    String insertSql() {
        return insertSql;
    }

    /** Inserts {@code rows}; emits how many were new and how many already there. */
    Mono<WriteResult> insert(DatabaseClient db, List<DecodedEntry> rows) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(insertSql);
        for (int i = 0; i < columns.size(); i++) {
            spec = spec.bind(i, columns.get(i).array(rows));
        }
        return spec.fetch().rowsUpdated()
                .map(written -> new WriteResult(written, rows.size() - written));
    }

    private static String insertSql(String table, List<Column<DecodedEntry>> columns, Uniqueness uniqueness) {
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        String selects = columns.stream().map(Column::select).collect(Collectors.joining(", "));
        String arrays = IntStream.range(0, columns.size())
                .mapToObj(i -> "$" + (i + 1) + "::" + columns.get(i).arrayType())
                .collect(Collectors.joining(", "));
        String rows = " FROM unnest(" + arrays + ") AS u(" + names + ")";
        if (uniqueness == Uniqueness.ID_ACROSS_PARTITIONS) {
            return "INSERT INTO " + table + " (" + names + ") SELECT DISTINCT ON (u.id) " + selects + rows
                    + " WHERE NOT EXISTS (SELECT 1 FROM " + table + " a WHERE a.id = u.id) ON CONFLICT DO NOTHING";
        }
        return "INSERT INTO " + table + " (" + names + ") SELECT " + selects + rows + " ON CONFLICT DO NOTHING";
    }
}
