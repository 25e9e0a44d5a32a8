package io.tickstream.query.dashboard;

import io.tickstream.query.quotes.QuoteView;

import java.util.List;
import java.util.Map;

/**
 * The market at a glance. Each summary figure is the latest non-null value across summary sources.
 *
 * @param totalMarketCapUsd     total market capitalisation in USD
 * @param totalVolumeUsd        total 24 hour volume in USD
 * @param btcDominancePct       Bitcoin's share of the market cap, percent
 * @param ethDominancePct       Ether's share, percent
 * @param marketCapChange24hPct 24 hour change of the total market cap, percent
 * @param fearGreedValue        fear &amp; greed index 0..100
 * @param fearGreedLabel        its classification
 * @param summaryTime           source time of the newest summary, ISO-8601
 * @param topSymbols            the largest symbols by market cap (then by volume)
 * @param sources               each source's latest health state
 * @param stale                 true when the summary or a top quote is old, or Redis is unavailable
 */
public record DashboardView(String totalMarketCapUsd, String totalVolumeUsd, String btcDominancePct,
                            String ethDominancePct, String marketCapChange24hPct, Integer fearGreedValue,
                            String fearGreedLabel, String summaryTime, List<QuoteView> topSymbols,
                            Map<String, String> sources, boolean stale) {
}
