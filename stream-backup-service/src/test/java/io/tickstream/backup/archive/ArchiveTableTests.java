package io.tickstream.backup.archive;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.tickstream.backup.BackupFixtures;
import io.tickstream.backup.schema.SchemaProperties;
import io.tickstream.common.event.EventType;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ArchiveTableTests {

    private final ArchiveTables tables = new ArchiveTables(new SchemaProperties("arch", 2, Duration.ofHours(6)));

    @Test
    void aBatchIsOneParameterizedUnnestStatementThatSkipsKnownKeys() {
        String sql = tables.tableFor(EventType.QUOTE).insertSql();
        assertThat(sql).startsWith("INSERT INTO arch.market_quotes (id, source, symbol, quote, price,")
                .contains("FROM unnest($1::text[], $2::text[]")
                .contains("u.price::numeric")
                .contains("timestamptz 'epoch' + u.source_time * interval '1 millisecond'")
                .endsWith("ON CONFLICT DO NOTHING");
        assertThat(sql).doesNotContain("67000"); // values are bound, never inlined
    }

    @Test
    void aTradeIsSkippedWhenItsIdIsArchivedAtAnySourceTime() {
        String sql = tables.tableFor(EventType.TRADE).insertSql();
        assertThat(sql).startsWith("INSERT INTO arch.market_trades (id, source, symbol, quote, price, size, side, trade_id,")
                .contains("SELECT DISTINCT ON (u.id) ")
                .contains("u.size::numeric")
                .contains("WHERE NOT EXISTS (SELECT 1 FROM arch.market_trades a WHERE a.id = u.id)")
                .endsWith("ON CONFLICT DO NOTHING");
        assertThat(tables.tableFor(EventType.QUOTE).insertSql()).doesNotContain("NOT EXISTS");
    }

    @Test
    void columnsBindTypedArraysWithNullsForAbsentValues() {
        ArchiveTable quotes = tables.tableFor(EventType.QUOTE);
        List<DecodedEntry> rows = List.of(new DecodedEntry("1-0", BackupFixtures.quote(1)),
                new DecodedEntry("2-0", BackupFixtures.quote(2)));
        Column<DecodedEntry> price = Column.numeric("price", e -> ((io.tickstream.common.event.Quote) e.event()).price());
        Column<DecodedEntry> consensus = Column.integer("consensus_sources", e -> {
            var c = ((io.tickstream.common.event.Quote) e.event()).consensus();
            return c == null ? null : c.sources();
        });
        assertThat((String[]) price.array(rows)).containsExactly("67000.1", "67000.2");
        assertThat((Integer[]) consensus.array(rows)).containsExactly(null, 3);
        assertThat(quotes.name()).isEqualTo("arch.market_quotes");
    }

    @Test
    void onlyDataErrorsCountAgainstAnEntry() {
        var tooLong = new R2dbcDataIntegrityViolationException("value too long", "22001");
        assertThat(DataErrors.isDataError(new DataIntegrityViolationException("wrapped", tooLong))).isTrue();
        assertThat(DataErrors.describe(new DataIntegrityViolationException("wrapped", tooLong))).isEqualTo("22001 value too long");
        assertThat(DataErrors.isDataError(new R2dbcNonTransientResourceException("connection refused", "08001"))).isFalse();
        assertThat(DataErrors.isDataError(new java.util.concurrent.TimeoutException())).isFalse();
    }
}
