package io.tickstream.common.market;

import io.tickstream.common.event.MarketSummary;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Comparator;
import java.util.TreeMap;

/**
 * THE JSON of the market summary (WebSocket channel {@code dashboard}): the latest summary of every
 * source merged, each field taking the latest non-null value in source-time order (sources fill
 * different parts: CoinGecko totals and dominance, alternative.me fear &amp; greed), plus
 * {@code updatedAt.<source>}, the source time of that source's latest summary:
 * <pre>
 * {"totalMarketCapUsd":"…","totalVolumeUsd":"…","btcDominancePct":"…","ethDominancePct":"…",
 *  "marketCapChange24hPct":"…","activeCryptocurrencies":12000,"fearGreedValue":71,
 *  "fearGreedLabel":"Greed","updatedAt":{"coingecko":1763800000000,"feargreed":1763790000000}}
 * </pre>
 * Decimals are strings; a field none of the latest summaries gives is left out; {@code updatedAt} is in
 * source name order. Only each source's latest summary counts: a field its older summaries had and its
 * latest lacks is gone.
 */
public final class DashboardJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Comparator<MarketSummary> SOURCE_TIME_ORDER = Comparator
            .comparingLong((MarketSummary s) -> s.meta().sourceTime()).thenComparing(s -> s.meta().source());

    private DashboardJson() {
    }

    /** The merged summary of {@code projection}, or null when it holds none. */
    public static ObjectNode dashboard(MarketProjection projection) {
        return dashboard(projection.summaries().values());
    }

    /** The merge of {@code latest} (the latest summary of each source), or null when it is empty. */
    public static ObjectNode dashboard(Collection<MarketSummary> latest) {
        if (latest.isEmpty()) {
            return null;
        }
        Merge merge = new Merge();
        latest.stream().sorted(SOURCE_TIME_ORDER).forEach(merge::add);
        return merge.json();
    }

    /** The latest non-null value of each field of the summaries added so far. */
    private static final class Merge {
        private BigDecimal totalMarketCapUsd;
        private BigDecimal totalVolumeUsd;
        private BigDecimal btcDominancePct;
        private BigDecimal ethDominancePct;
        private BigDecimal marketCapChange24hPct;
        private Integer activeCryptocurrencies;
        private Integer fearGreedValue;
        private String fearGreedLabel;
        private final TreeMap<String, Long> updatedAt = new TreeMap<>();

        void add(MarketSummary s) {
            totalMarketCapUsd = or(s.totalMarketCapUsd(), totalMarketCapUsd);
            totalVolumeUsd = or(s.totalVolumeUsd(), totalVolumeUsd);
            btcDominancePct = or(s.btcDominancePct(), btcDominancePct);
            ethDominancePct = or(s.ethDominancePct(), ethDominancePct);
            marketCapChange24hPct = or(s.marketCapChange24hPct(), marketCapChange24hPct);
            activeCryptocurrencies = or(s.activeCryptocurrencies(), activeCryptocurrencies);
            fearGreedValue = or(s.fearGreedValue(), fearGreedValue);
            fearGreedLabel = or(s.fearGreedLabel(), fearGreedLabel);
            updatedAt.put(s.meta().source(), s.meta().sourceTime());
        }

        ObjectNode json() {
            ObjectNode node = JSON.objectNode();
            TickerJson.putDecimal(node, "totalMarketCapUsd", totalMarketCapUsd);
            TickerJson.putDecimal(node, "totalVolumeUsd", totalVolumeUsd);
            TickerJson.putDecimal(node, "btcDominancePct", btcDominancePct);
            TickerJson.putDecimal(node, "ethDominancePct", ethDominancePct);
            TickerJson.putDecimal(node, "marketCapChange24hPct", marketCapChange24hPct);
            if (activeCryptocurrencies != null) {
                node.put("activeCryptocurrencies", activeCryptocurrencies);
            }
            if (fearGreedValue != null) {
                node.put("fearGreedValue", fearGreedValue);
            }
            if (fearGreedLabel != null) {
                node.put("fearGreedLabel", fearGreedLabel);
            }
            ObjectNode times = node.putObject("updatedAt");
            updatedAt.forEach(times::put);
            return node;
        }

        private static <T> T or(T value, T fallback) {
            return value != null ? value : fallback;
        }
    }
}
