package io.tickstream.query.reports;

import io.tickstream.common.symbol.Symbols;

import java.util.Locale;

/**
 * What a report covers: the whole market ({@code market}) or one canonical symbol ({@code btc} in keys,
 * {@code BTC} in the archive).
 */
public record ReportScope(String name) {

    public static final ReportScope MARKET = new ReportScope("market");

    public ReportScope {
        name = name.toLowerCase(Locale.ROOT);
    }

    /** {@code market}, or a symbol in any accepted spelling ({@code btc}, {@code XBT}); throws on a malformed one. */
    public static ReportScope parse(String raw) {
        if (raw == null || raw.isBlank() || raw.equalsIgnoreCase(MARKET.name)) {
            return MARKET;
        }
        return new ReportScope(Symbols.canonical(raw));
    }

    public boolean market() {
        return MARKET.name.equals(name);
    }

    /** The archive's symbol of a symbol scope, null for the market. */
    public String symbol() {
        return market() ? null : name.toUpperCase(Locale.ROOT);
    }
}
