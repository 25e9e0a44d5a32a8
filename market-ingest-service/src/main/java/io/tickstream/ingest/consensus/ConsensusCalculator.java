package io.tickstream.ingest.consensus;

import io.tickstream.common.event.Quote;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The median of the fresh sources' latest prices of one symbol. Reads the publisher's last-seen
 * board ({@code quote:<source>:<symbol>:<quote>} → {@code sourceTime|price}); counts only
 * dollar-equivalent quote currencies, sources other than {@code consensus}, and prices whose source
 * time is within the freshness bound. With an even count the median is the mean of the middle two.
 */
final class ConsensusCalculator {

    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private final Set<String> quoteCurrencies;
    private final long freshnessMs;

    ConsensusCalculator(Set<String> quoteCurrencies, long freshnessMs) {
        this.quoteCurrencies = Set.copyOf(quoteCurrencies);
        this.freshnessMs = freshnessMs;
    }

    /** The consensus of {@code symbol} at {@code now}, empty when no source is fresh. */
    Optional<ConsensusPrice> compute(String symbol, Map<String, String> board, long now) {
        return Optional.ofNullable(computeAll(List.of(symbol), board, now).get(symbol));
    }

    /** The consensus of each of {@code symbols} that has a fresh source, reading the board once. */
    Map<String, ConsensusPrice> computeAll(Collection<String> symbols, Map<String, String> board, long now) {
        Set<String> wanted = Set.copyOf(symbols);
        Map<String, List<SourcePrice>> fresh = new HashMap<>();
        board.forEach((series, value) -> parse(series, value)
                .filter(p -> wanted.contains(p.symbol()))
                .filter(p -> now - p.sourceTime() <= freshnessMs)
                .ifPresent(p -> fresh.computeIfAbsent(p.symbol(), k -> new ArrayList<>()).add(p)));
        Map<String, ConsensusPrice> prices = new LinkedHashMap<>();
        for (String symbol : symbols) {
            List<SourcePrice> contributing = fresh.get(symbol);
            if (contributing != null) {
                prices.put(symbol, median(symbol, contributing));
            }
        }
        return prices;
    }

    private static ConsensusPrice median(String symbol, List<SourcePrice> fresh) {
        fresh.sort(Comparator.comparing(SourcePrice::price));
        int n = fresh.size();
        BigDecimal median = n % 2 == 1
                ? fresh.get(n / 2).price()
                : fresh.get(n / 2 - 1).price().add(fresh.get(n / 2).price()).divide(TWO);
        long newest = fresh.stream().mapToLong(SourcePrice::sourceTime).max().orElseThrow();
        return new ConsensusPrice(symbol, median, fresh.getFirst().price(), fresh.getLast().price(), n, newest);
    }

    private Optional<SourcePrice> parse(String series, String value) {
        String[] key = series.split(":");
        if (key.length != 4 || !key[0].equals("quote") || key[1].equals(Quote.CONSENSUS_SOURCE)
                || !quoteCurrencies.contains(key[3])) {
            return Optional.empty();
        }
        int bar = value.indexOf('|');
        if (bar < 1 || bar == value.length() - 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SourcePrice(key[2], Long.parseLong(value.substring(0, bar)),
                    new BigDecimal(value.substring(bar + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private record SourcePrice(String symbol, long sourceTime, BigDecimal price) {
    }

    /**
     * A consensus price.
     *
     * @param symbol     the symbol
     * @param median     the median price
     * @param low        the lowest fresh price
     * @param high       the highest fresh price
     * @param sources    how many sources contributed
     * @param sourceTime the newest contributing source time: the consensus quote's source time
     */
    record ConsensusPrice(String symbol, BigDecimal median, BigDecimal low, BigDecimal high, int sources,
            long sourceTime) {
    }
}
