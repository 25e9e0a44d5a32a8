package io.tickstream.common.symbol;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Canonical asset symbols: upper case letters and digits, 1 to 15 characters ({@code BTC},
 * {@code ETH}, {@code USDT}), with the widespread aliases folded in ({@code XBT} is {@code BTC},
 * {@code XDG} is {@code DOGE}). Source-specific names (Kraken's {@code XXBT}, CoinGecko's
 * {@code bitcoin}) are mapped by each source's adapter before this.
 */
public final class Symbols {

    private static final Pattern CANONICAL = Pattern.compile("[A-Z0-9]{1,15}");
    private static final Map<String, String> ALIASES = Map.of("XBT", "BTC", "XDG", "DOGE");

    private Symbols() {
    }

    /** True when {@code symbol} is already canonical. */
    public static boolean isCanonical(String symbol) {
        return symbol != null && CANONICAL.matcher(symbol).matches() && !ALIASES.containsKey(symbol);
    }

    /**
     * The canonical form of {@code raw}: trimmed, upper case, aliases folded.
     *
     * @throws IllegalArgumentException when the result is not a valid symbol
     */
    public static String canonical(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("symbol is null");
        }
        String upper = raw.trim().toUpperCase(Locale.ROOT);
        String folded = ALIASES.getOrDefault(upper, upper);
        if (!CANONICAL.matcher(folded).matches()) {
            throw new IllegalArgumentException("not a valid symbol: '" + raw + "'");
        }
        return folded;
    }
}
