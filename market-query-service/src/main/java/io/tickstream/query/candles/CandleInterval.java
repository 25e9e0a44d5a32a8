package io.tickstream.query.candles;

import io.tickstream.query.problem.Problems;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The candle widths the API offers. */
enum CandleInterval {
    M1("1m", Duration.ofMinutes(1)),
    M5("5m", Duration.ofMinutes(5)),
    M15("15m", Duration.ofMinutes(15)),
    H1("1h", Duration.ofHours(1)),
    H4("4h", Duration.ofHours(4)),
    D1("1d", Duration.ofDays(1));

    private final String label;
    private final Duration width;

    CandleInterval(String label, Duration width) {
        this.label = label;
        this.width = width;
    }

    String label() {
        return label;
    }

    Duration width() {
        return width;
    }

    long seconds() {
        return width.toSeconds();
    }

    /** The interval named {@code raw} ({@code fallback} when absent), else a 400 listing the valid ones. */
    static CandleInterval parse(String raw, CandleInterval fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        return Arrays.stream(values()).filter(i -> i.label.equals(raw.trim())).findFirst()
                .orElseThrow(() -> Problems.badRequest("interval must be one of "
                        + Arrays.stream(values()).map(CandleInterval::label).collect(Collectors.joining(", "))
                        + ", was '" + raw + "'"));
    }
}
