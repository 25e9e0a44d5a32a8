package io.tickstream.backup.schema;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How long history is kept, under {@code tickstream.backup.retention.}. Raw rows and 1-minute candles live in
 * monthly partitions that are dropped whole once their month ended more than the retention ago (never a
 * row-by-row DELETE); the longer candles are few and are deleted by interval. A zero duration keeps forever.
 *
 * @param enabled     run the retention at all; default true
 * @param raw         raw quotes and trades ({@code market_quotes}, {@code market_trades}); default 30 days
 * @param candles1m   1-minute candles ({@code candles_1m}); default 90 days
 * @param candles5m   5-minute candles; default 365 days
 * @param candles15m  15-minute candles; default 730 days
 * @param candles1h   1-hour candles; default 0 (forever)
 * @param candles4h   4-hour candles; default 0 (forever)
 * @param candles1d   1-day candles; default 0 (forever)
 * @param checkEvery  how often partitions past retention are looked for; default 1 hour (the first check one
 *                    minute after start)
 */
@Validated
@ConfigurationProperties("tickstream.backup.retention")
public record RetentionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("30d") @NotNull Duration raw,
        @DefaultValue("90d") @NotNull Duration candles1m,
        @DefaultValue("365d") @NotNull Duration candles5m,
        @DefaultValue("730d") @NotNull Duration candles15m,
        @DefaultValue("0") @NotNull Duration candles1h,
        @DefaultValue("0") @NotNull Duration candles4h,
        @DefaultValue("0") @NotNull Duration candles1d,
        @DefaultValue("1h") @NotNull Duration checkEvery) {

    public RetentionProperties {
        for (Duration d : new Duration[] {raw, candles1m, candles5m, candles15m, candles1h, candles4h, candles1d}) {
            if (d != null && d.isNegative()) {
                throw new IllegalArgumentException("retention must be 0 (forever) or positive, was " + d);
            }
        }
        if (candles1m != null && raw != null && !candles1m.isZero() && (raw.isZero() || candles1m.compareTo(raw) < 0)) {
            throw new IllegalArgumentException("1-minute candles must outlive the raw rows: candles-1m " + candles1m
                    + " < raw " + raw);
        }
    }

    /** The defaults. */
    public static RetentionProperties defaults() {
        return new RetentionProperties(true, Duration.ofDays(30), Duration.ofDays(90), Duration.ofDays(365),
                Duration.ofDays(730), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofHours(1));
    }

    /** The retention of a monthly-partitioned table ({@link MonthlyPartitions#TABLES}). */
    public Duration ofTable(String table) {
        return table.equals("candles_1m") ? candles1m : raw;
    }

    /** The retention of the derived candles {@code seconds} wide. */
    public Duration ofInterval(int seconds) {
        return switch (seconds) {
            case 60 -> candles1m;
            case 300 -> candles5m;
            case 900 -> candles15m;
            case 3_600 -> candles1h;
            case 14_400 -> candles4h;
            case 86_400 -> candles1d;
            default -> throw new IllegalArgumentException("no candles of " + seconds + " s");
        };
    }
}
