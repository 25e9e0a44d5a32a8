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
 * none). Idempotent: rows whose idempotency key is archived already are skipped and counted. The 1-minute
 * candles of quotes and trades change in the same statement, from the rows really inserted only; bars
 * replace their minute's candle.
 */
@Component
public class ArchiveWriter {

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final ArchiveTables tables;

    public ArchiveWriter(ConnectionFactory connectionFactory, SchemaProperties schema) {
        this(connectionFactory, schema, RollupProperties.defaults());
    }

    @org.springframework.beans.factory.annotation.Autowired
    public ArchiveWriter(ConnectionFactory connectionFactory, SchemaProperties schema, RollupProperties rollup) {
        this.db = DatabaseClient.create(connectionFactory);
        this.transaction = TransactionalOperator.create(new R2dbcTransactionManager(connectionFactory));
        this.tables = new ArchiveTables(schema, rollup);
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
                    return table.insert(db, group.getValue()).map(result -> Map.entry(table.name(), result));
                })
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        return byType.size() == 1 ? writes : transaction.transactional(writes);
    }
}
