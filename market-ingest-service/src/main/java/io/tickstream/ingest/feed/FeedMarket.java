package io.tickstream.ingest.feed;

/**
 * One market a feed follows: the canonical symbol and quote currency, and the venue's name of it
 * ({@code btcusdt} on Binance, {@code BTC-USD} on Coinbase, {@code BTC/USD} on Kraken).
 */
public record FeedMarket(String symbol, String quote, String venueName) {
}
