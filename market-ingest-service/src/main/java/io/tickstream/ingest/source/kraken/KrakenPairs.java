package io.tickstream.ingest.source.kraken;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Kraken's names for the tracked pairs. Requests use the pair's alternative name, the Kraken asset
 * codes joined ({@code XBTUSD}: Kraken calls BTC {@code XBT} and DOGE {@code XDG}); the answer is keyed
 * by the pair's own name, which for Kraken's oldest assets is the 4-letter legacy codes joined
 * ({@code XXBTZUSD}, {@code XETHZUSD}) and for newer ones the alternative name again ({@code SOLUSD}).
 * Every spelling Kraken uses for a requested pair maps back to its canonical symbol.
 */
final class KrakenPairs {

    private static final Map<String, String> KRAKEN_ASSETS = Map.of("BTC", "XBT", "DOGE", "XDG");

    private final Map<String, String> pairBySymbol = new LinkedHashMap<>();
    private final Map<String, String> symbolByName = new HashMap<>();

    KrakenPairs(List<String> symbols, String quote) {
        String q = quote.toUpperCase(Locale.ROOT);
        for (String symbol : symbols) {
            String base = KRAKEN_ASSETS.getOrDefault(symbol, symbol);
            pairBySymbol.put(symbol, base + q);
            for (String name : List.of(base + q, "X" + base + "Z" + q, "X" + base + q, base + "Z" + q)) {
                symbolByName.putIfAbsent(name, symbol);
            }
        }
    }

    /** The pair to request for {@code symbol}, e.g. {@code XBTUSD} for BTC. */
    String pairOf(String symbol) {
        return pairBySymbol.get(symbol);
    }

    /** The canonical symbol of a key in Kraken's answer, e.g. BTC for {@code XXBTZUSD}. */
    Optional<String> symbolOf(String resultKey) {
        return Optional.ofNullable(symbolByName.get(resultKey.toUpperCase(Locale.ROOT)));
    }
}
