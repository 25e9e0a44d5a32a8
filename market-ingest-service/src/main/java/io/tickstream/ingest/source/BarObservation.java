package io.tickstream.ingest.source;

import java.math.BigDecimal;

/**
 * One closed 1-minute bar as a history API gave it, before it becomes a {@code Bar} event.
 *
 * @param symbol      canonical base asset
 * @param quote       quote currency
 * @param openTime    the bar's open time, epoch ms, on a minute boundary
 * @param open        first price
 * @param high        highest price
 * @param low         lowest price
 * @param close       last price
 * @param baseVolume  base asset volume, optional
 * @param quoteVolume quote currency volume, optional
 * @param trades      trade count, optional
 */
public record BarObservation(String symbol, String quote, long openTime, BigDecimal open, BigDecimal high,
                             BigDecimal low, BigDecimal close, BigDecimal baseVolume, BigDecimal quoteVolume, Long trades) {
}
