package io.tickstream.backup.archive;

import io.r2dbc.spi.ConnectionFactory;
import io.tickstream.backup.rollup.RollupProperties;
import io.tickstream.backup.schema.SchemaProperties;
import io.tickstream.common.event.EventType;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes decoded entries to their archive tables: one {@code unnest} statement per table, all of a
 * batch in one transaction (a batch of one type, the usual case, is a single statement and needs
 * none). A table's rows of a batch from {@code copyMinRows} on go by {@code COPY} into a staging table and from
 * there through the same statement ({@link CopyStaging}), in a transaction. Idempotent: rows whose idempotency key is archived already are skipped and counted. The 1-minute
 * candles of quotes and trades change in the same statement, from the rows really inserted only; bars
 * replace their minute's candle.
 */
@Component
public class ArchiveWriter {

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final ArchiveTables tables;
    private final int copyMinRows;

    public ArchiveWriter(ConnectionFactory connectionFactory, SchemaProperties schema) {
        this(connectionFactory, schema, RollupProperties.defaults(), ArchiveProperties.DEFAULT_COPY_MIN_ROWS);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public ArchiveWriter(ConnectionFactory connectionFactory, SchemaProperties schema, RollupProperties rollup,
                         ArchiveProperties archive) {
        this(connectionFactory, schema, rollup, archive.copyMinRows());
    }

    /** @param copyMinRows rows of one table in a batch from which they go by COPY (see {@link ArchiveProperties}) */
    public ArchiveWriter(ConnectionFactory connectionFactory, SchemaProperties schema, RollupProperties rollup,
                         int copyMinRows) {
        this.db = DatabaseClient.create(connectionFactory);
        this.transaction = TransactionalOperator.create(new R2dbcTransactionManager(connectionFactory));
        this.tables = new ArchiveTables(schema, rollup);
        this.copyMinRows = copyMinRows;
    }

    private boolean copies(List<DecodedEntry> rows) {
        return copyMinRows > 0 && rows.size() >= copyMinRows;
    }

    /** Writes {@code entries}; emits the rows written and skipped per table name. */
    public Mono<Map<String, WriteResult>> write(List<DecodedEntry> entries) {
        if (entries.isEmpty()) {
            return Mono.just(Map.of());
        }
        Map<EventType, List<DecodedEntry>> byType = entries.stream()
                .collect(Collectors.groupingBy(e -> e.event().type(), () -> new EnumMap<>(EventType.class),
                        Collectors.toList()));
        Mono<Map<String, WriteResult>> writes = Flux.fromIterable(byType.entrySet())
                .concatMap(group -> {
                    ArchiveTable table = tables.tableFor(group.getKey());
                    List<DecodedEntry> rows = group.getValue();
                    Mono<WriteResult> written = copies(rows) ? table.copy(db, rows) : table.insert(db, rows);
                    return written.map(result -> Map.entry(table.name(), result));
                })
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        // COPY's staging table needs a transaction (it empties at commit)
        boolean anyCopy = byType.values().stream().anyMatch(this::copies);
        return byType.size() == 1 && !anyCopy ? writes : transaction.transactional(writes);
    }
}
