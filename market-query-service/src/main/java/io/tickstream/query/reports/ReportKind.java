package io.tickstream.query.reports;

import java.util.Arrays;

/** How a report's period is chosen; {@link #code()} appears in keys ({@code report:btc:1d:2026-12-06}). */
public enum ReportKind {
    /** One UTC day, generated shortly after midnight for the day before. */
    DAILY("1d"),
    /** One UTC week from Monday, generated shortly after Monday's midnight for the week before. */
    WEEKLY("1w"),
    /** Any range up to the longest ad hoc period, generated on demand. */
    ADHOC("adhoc");

    private final String code;

    ReportKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static ReportKind of(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code) || k.name().equalsIgnoreCase(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("kind must be 1d, 1w or adhoc, was '" + code + "'"));
    }
}
