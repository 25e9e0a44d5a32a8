package io.tickstream.ingest.source.coingecko;

import io.tickstream.common.symbol.Symbols;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CoinGecko's coin id of a canonical symbol ({@code BTC} is {@code bitcoin}). CoinGecko names coins
 * by id, not by ticker, because tickers are not unique there; a built-in table covers the major
 * coins and the source's {@code symbolIds} setting adds to or overrides it (e.g. {@code PEPE: pepe}).
 */
final class CoinGeckoIds {

    private static final Map<String, String> BUILT_IN = Map.ofEntries(
            Map.entry("BTC", "bitcoin"),
            Map.entry("ETH", "ethereum"),
            Map.entry("USDT", "tether"),
            Map.entry("BNB", "binancecoin"),
            Map.entry("SOL", "solana"),
            Map.entry("USDC", "usd-coin"),
            Map.entry("XRP", "ripple"),
            Map.entry("DOGE", "dogecoin"),
            Map.entry("TON", "the-open-network"),
            Map.entry("ADA", "cardano"),
            Map.entry("TRX", "tron"),
            Map.entry("AVAX", "avalanche-2"),
            Map.entry("SHIB", "shiba-inu"),
            Map.entry("DOT", "polkadot"),
            Map.entry("LINK", "chainlink"),
            Map.entry("BCH", "bitcoin-cash"),
            Map.entry("LTC", "litecoin"),
            Map.entry("NEAR", "near"),
            Map.entry("UNI", "uniswap"),
            Map.entry("XLM", "stellar"),
            Map.entry("ATOM", "cosmos"),
            Map.entry("ETC", "ethereum-classic"));

    private final Map<String, String> ids;

    /** The built-in table with {@code overrides} (canonical or raw symbol to CoinGecko id) on top. */
    CoinGeckoIds(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(BUILT_IN);
        overrides.forEach((symbol, id) -> merged.put(Symbols.canonical(symbol), id.trim()));
        this.ids = Map.copyOf(merged);
    }

    /** The CoinGecko id of {@code symbol}, empty when neither table knows it. */
    Optional<String> idOf(String symbol) {
        return Optional.ofNullable(ids.get(symbol));
    }
}
