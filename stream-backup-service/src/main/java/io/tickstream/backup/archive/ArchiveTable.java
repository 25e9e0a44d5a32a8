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
 */
final class ArchiveTable {

    private final String name;
    private final List<Column<DecodedEntry>> columns;
    private final String insertSql;

    ArchiveTable(String qualifiedName, List<Column<DecodedEntry>> columns) {
        this.name = qualifiedName;
        this.columns = List.copyOf(columns);
        this.insertSql = insertSql(qualifiedName, this.columns);
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

    private static String insertSql(String table, List<Column<DecodedEntry>> columns) {
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        String selects = columns.stream().map(Column::select).collect(Collectors.joining(", "));
        String arrays = IntStream.range(0, columns.size())
                .mapToObj(i -> "$" + (i + 1) + "::" + columns.get(i).arrayType())
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + names + ") SELECT " + selects
                + " FROM unnest(" + arrays + ") AS u(" + names + ") ON CONFLICT DO NOTHING";
    }
}
