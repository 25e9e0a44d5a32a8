package io.tickstream.backup.archive;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Wrapped;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A temporary table per session, shaped like an archive table's bound columns ({@code text}, {@code int8}…
 * before the casts of {@link Column#select()}), filled by {@code COPY ... FROM STDIN} in PostgreSQL's text
 * format. It lives as long as the pooled connection and empties itself at every commit
 * ({@code ON COMMIT DELETE ROWS}), so a batch sees only its own rows and a rolled-back batch leaves none.
 * Created with {@code IF NOT EXISTS} before each fill: one cheap statement, and nothing to track per connection.
 */
final class CopyStaging {

    private final List<Column<DecodedEntry>> columns;
    private final String table;
    private final String create;
    private final String copy;

    CopyStaging(String qualifiedTable, List<Column<DecodedEntry>> columns) {
        this.columns = columns;
        // one staging table per archive table (the same columns whatever the schema)
        this.table = "archive_stage_" + qualifiedTable.substring(qualifiedTable.lastIndexOf('.') + 1);
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        this.create = "CREATE TEMPORARY TABLE IF NOT EXISTS " + table + " ("
                + columns.stream().map(c -> c.name() + " " + c.arrayType().replace("[]", "")).collect(Collectors.joining(", "))
                + ") ON COMMIT DELETE ROWS";
        this.copy = "COPY pg_temp." + table + " (" + names + ") FROM STDIN";
    }

    /** {@code FROM <staging table> AS u}, where the insert otherwise reads {@code unnest(...) AS u}. */
    String from() {
        return "FROM pg_temp." + table + " AS u";
    }

    /** Creates the staging table if this session has none, and copies {@code rows} into it; emits the rows copied. */
    Mono<Long> fill(DatabaseClient db, List<DecodedEntry> rows) {
        byte[] data = encode(rows);
        return db.sql(create).then()
                .then(db.inConnection(connection -> postgres(connection).copyIn(copy).from(data).build()));
    }

    private static PostgresqlConnection postgres(Connection connection) {
        Object c = connection;
        // Spring's transaction proxy and the pool wrap the driver's connection
        while (!(c instanceof PostgresqlConnection) && c instanceof Wrapped<?> wrapped) {
            c = wrapped.unwrap();
        }
        if (c instanceof PostgresqlConnection postgres) {
            return postgres;
        }
        throw new IllegalStateException("COPY needs r2dbc-postgresql's connection, got " + connection.getClass().getName());
    }

    /** The rows in COPY's text format: tab between columns, a line per row, {@code \N} for null, escapes. */
    byte[] encode(List<DecodedEntry> rows) {
        StringBuilder out = new StringBuilder(rows.size() * columns.size() * 16);
        for (DecodedEntry row : rows) {
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    out.append('\t');
                }
                append(out, columns.get(i).value().apply(row));
            }
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void append(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("\\N");
            case Boolean b -> out.append(b ? 't' : 'f');
            case Number n -> out.append(n);
            default -> {
                String text = value.toString();
                for (int i = 0; i < text.length(); i++) {
                    char ch = text.charAt(i);
                    switch (ch) {
                        case '\\' -> out.append("\\\\");
                        case '\t' -> out.append("\\t");
                        case '\n' -> out.append("\\n");
                        case '\r' -> out.append("\\r");
                        default -> out.append(ch);
                    }
                }
            }
        }
    }
}
