package io.tickstream.backup.schema;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Where the archive lives, under {@code tickstream.backup.schema.}. Flyway migrates this schema at start
 * ({@code spring.flyway.schemas} follows {@code name}); tests use a schema of their own and drop it.
 *
 * @param name             PostgreSQL schema of the archive tables; a plain lower-case identifier, since
 *                         it is written into SQL; default {@code tickstream}
 * @param partitionsAhead  monthly partitions of {@code market_quotes} and {@code market_trades} kept ready beyond the current month;
 *                         default 2
 * @param partitionCheck   how often the partitions ahead are checked and created; default 6 hours
 */
@Validated
@ConfigurationProperties("tickstream.backup.schema")
public record SchemaProperties(
        @DefaultValue("tickstream") @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}") String name,
        @DefaultValue("2") @Min(1) @Max(24) int partitionsAhead,
        @DefaultValue("6h") Duration partitionCheck) {

    /** {@code schema.table}. */
    public String table(String table) {
        return name + "." + table;
    }
}
