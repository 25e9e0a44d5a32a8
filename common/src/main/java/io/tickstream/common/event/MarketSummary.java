package io.tickstream.common.event;

import io.tickstream.common.stream.StreamKeys;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A global market summary, appended to {@code crypto:dashboard}. Different sources fill different
 * parts (CoinGecko {@code /global}: totals and dominance; alternative.me: fear &amp; greed); readers
 * merge the latest non-null value of each field. At least one value is present.
 *
 * @param meta                  common fields; the idempotency key is {@link #idempotencyKey}
 * @param totalMarketCapUsd     total market capitalisation in USD, optional
 * @param totalVolumeUsd        total 24 hour volume in USD, optional
 * @param btcDominancePct       Bitcoin's share of the total market cap in percent, optional
 * @param ethDominancePct       Ether's share of the total market cap in percent, optional
 * @param marketCapChange24hPct change of the total market cap over 24 hours in percent, optional
 * @param activeCryptocurrencies number of tracked assets at the source, optional
 * @param fearGreedValue        fear &amp; greed index 0..100, optional
 * @param fearGreedLabel        its classification, e.g. {@code Extreme Fear}, optional
 */
public record MarketSummary(
        EventMeta meta,
        BigDecimal totalMarketCapUsd,
        BigDecimal totalVolumeUsd,
        BigDecimal btcDominancePct,
        BigDecimal ethDominancePct,
        BigDecimal marketCapChange24hPct,
        Integer activeCryptocurrencies,
        Integer fearGreedValue,
        String fearGreedLabel) implements MarketEvent {

    public MarketSummary {
        Objects.requireNonNull(meta, "meta");
        totalMarketCapUsd = Decimals.normalize(totalMarketCapUsd);
        totalVolumeUsd = Decimals.normalize(totalVolumeUsd);
        btcDominancePct = Decimals.normalize(btcDominancePct);
        ethDominancePct = Decimals.normalize(ethDominancePct);
        marketCapChange24hPct = Decimals.normalize(marketCapChange24hPct);
        if (fearGreedValue != null && (fearGreedValue < 0 || fearGreedValue > 100)) {
            throw new IllegalArgumentException("fearGreedValue must be 0..100: " + fearGreedValue);
        }
        if (totalMarketCapUsd == null && totalVolumeUsd == null && btcDominancePct == null
                && ethDominancePct == null && marketCapChange24hPct == null
                && activeCryptocurrencies == null && fearGreedValue == null) {
            throw new IllegalArgumentException("a market summary needs at least one value");
        }
    }

    /** The idempotency key of a summary: {@code summary:<source>:<sourceTime>}. */
    public static String idempotencyKey(String source, long sourceTime) {
        return "summary:" + source + ":" + sourceTime;
    }

    @Override
    public EventType type() {
        return EventType.MARKET_SUMMARY;
    }

    @Override
    public String stream() {
        return StreamKeys.DASHBOARD;
    }
}
