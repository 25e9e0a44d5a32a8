package io.tickstream.ingest.source;

import java.math.BigDecimal;

/**
 * Global market figures as an adapter read them; each source fills what it has.
 *
 * @param totalMarketCapUsd      total market cap in USD
 * @param totalVolumeUsd         total 24h volume in USD
 * @param btcDominancePct        BTC dominance in percent
 * @param ethDominancePct        ETH dominance in percent
 * @param marketCapChange24hPct  total market cap change over 24h in percent
 * @param activeCryptocurrencies number of assets the source tracks
 * @param fearGreedValue         fear &amp; greed index 0..100
 * @param fearGreedLabel         its classification
 * @param sourceTime             the source's time of the data, epoch ms
 */
public record SummaryObservation(BigDecimal totalMarketCapUsd, BigDecimal totalVolumeUsd, BigDecimal btcDominancePct,
        BigDecimal ethDominancePct, BigDecimal marketCapChange24hPct, Integer activeCryptocurrencies,
        Integer fearGreedValue, String fearGreedLabel, long sourceTime) {

    /** A fear &amp; greed reading only. */
    public static SummaryObservation ofFearGreed(int value, String label, long sourceTime) {
        return new SummaryObservation(null, null, null, null, null, null, value, label, sourceTime);
    }
}
