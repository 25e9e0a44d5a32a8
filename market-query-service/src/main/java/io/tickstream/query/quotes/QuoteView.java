package io.tickstream.query.quotes;

import java.util.List;

/**
 * The latest price of one symbol. Decimals are strings (exact, never binary floating point); times
 * ISO-8601 UTC.
 *
 * @param symbol         canonical symbol, e.g. {@code BTC}
 * @param quote          quote currency of {@code price}
 * @param price          consensus price (median of fresh sources) when present, else the first source by priority
 * @param priceSource    {@code consensus} or the source the price comes from
 * @param sources        the latest price of every source
 * @param spread         lowest and highest source price and the difference between them
 * @param change24hPct   24 hour change in percent, may be null
 * @param volume24h      24 hour volume in the quote currency, may be null
 * @param marketCap      market capitalisation, may be null
 * @param high24h        24 hour high, may be null
 * @param low24h         24 hour low, may be null
 * @param sourceTime     when the source says the price is from
 * @param stale          true when the price is old (the source said so, it is older than the maximum age,
 *                       or this instance cannot currently reach Redis)
 */
public record QuoteView(String symbol, String quote, String price, String priceSource, List<SourcePrice> sources,
                        Spread spread, String change24hPct, String volume24h, String marketCap, String high24h,
                        String low24h, String sourceTime, boolean stale) {

    /** One source's latest price. */
    public record SourcePrice(String source, String quote, String price, String sourceTime, boolean stale) {
    }

    /**
     * @param sources  how many source prices it spans
     * @param low      lowest source price
     * @param high     highest source price
     * @param absolute high minus low
     * @param pct      absolute over low, in percent (4 decimals)
     */
    public record Spread(int sources, String low, String high, String absolute, String pct) {
    }
}
