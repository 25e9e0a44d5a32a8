package io.tickstream.query.reports;

import io.tickstream.common.event.Decimals;
import io.tickstream.query.reports.ArchiveRows.Deviation;
import io.tickstream.query.reports.ArchiveRows.HourBar;
import io.tickstream.query.reports.ArchiveRows.HourVolume;
import io.tickstream.query.reports.ArchiveRows.Spread;
import io.tickstream.query.reports.ArchiveRows.SummaryFigures;
import io.tickstream.query.reports.ReportContent.Bar;
import io.tickstream.query.reports.ReportContent.Figure;
import io.tickstream.query.reports.ReportContent.MarketSection;
import io.tickstream.query.reports.ReportContent.Mover;
import io.tickstream.query.reports.ReportContent.Signal;
import io.tickstream.query.reports.ReportContent.SpreadSection;
import io.tickstream.query.reports.ReportContent.SymbolSection;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns what the archive holds about a period ({@link ArchiveRows}) into a report's content, in exact
 * decimals. Pure: the same rows always give the same report.
 */
final class ReportCalculator {

    private static final MathContext MC = MathContext.DECIMAL64;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final int topMovers;
    private final int maxSymbols;

    ReportCalculator(int topMovers, int maxSymbols) {
        this.topMovers = topMovers;
        this.maxSymbols = maxSymbols;
    }

    ReportContent calculate(ReportPeriod period, ArchiveRows rows) {
        Map<String, List<HourBar>> bars = rows.bars().stream().collect(Collectors.groupingBy(HourBar::symbol, TreeMap::new,
                Collectors.collectingAndThen(Collectors.toList(),
                        list -> list.stream().sorted(Comparator.comparing(HourBar::time)).toList())));
        Map<String, Map<Instant, BigDecimal>> volumes = new TreeMap<>();
        for (HourVolume v : rows.volumes()) {
            volumes.computeIfAbsent(v.symbol(), s -> new TreeMap<>()).put(v.time(), v.volume24h());
        }
        List<SymbolSection> symbols = new ArrayList<>();
        List<Signal> signals = new ArrayList<>();
        bars.forEach((symbol, all) -> {
            List<HourBar> inPeriod = all.stream().filter(b -> !b.time().isBefore(period.start())).toList();
            if (!inPeriod.isEmpty()) {
                symbols.add(symbol(symbol, inPeriod, volumes.getOrDefault(symbol, Map.of())));
                signals.addAll(SignalScanner.scan(symbol, all.stream().map(HourBar::close).toList(),
                        all.stream().map(HourBar::time).toList(), period.start()));
            }
        });
        List<SymbolSection> listed = symbols.stream()
                .sorted(Comparator.comparingLong(SymbolSection::ticks).reversed().thenComparing(SymbolSection::symbol))
                .limit(maxSymbols).sorted(Comparator.comparing(SymbolSection::symbol)).toList();
        List<String> names = listed.stream().map(SymbolSection::symbol).toList();
        signals.removeIf(s -> !names.contains(s.symbol()));
        signals.sort(Comparator.comparing(Signal::time).thenComparing(Signal::symbol).thenComparing(Signal::type));
        return new ReportContent(market(rows.summary()), movers(listed, true), movers(listed, false), listed, signals,
                spreads(rows.spreads(), rows.deviations(), names), SourceUptime.of(period, rows.health(), rows.quoteCounts()));
    }

    private SymbolSection symbol(String symbol, List<HourBar> bars, Map<Instant, BigDecimal> volumes) {
        BigDecimal open = bars.getFirst().open();
        BigDecimal close = bars.getLast().close();
        BigDecimal high = bars.stream().map(HourBar::high).max(BigDecimal::compareTo).orElseThrow();
        BigDecimal low = bars.stream().map(HourBar::low).min(BigDecimal::compareTo).orElseThrow();
        long ticks = bars.stream().mapToLong(HourBar::ticks).sum();
        BigDecimal lastVolume = volumes.isEmpty() ? null : volumes.values().stream().reduce((a, b) -> b).orElse(null);
        List<Bar> chart = bars.stream().map(b -> new Bar(b.time().toString(), wire(b.open()), wire(b.high()),
                wire(b.low()), wire(b.close()), wire(volumes.get(b.time())))).toList();
        return new SymbolSection(symbol, bars.getFirst().source(), wire(open), wire(high), wire(low), wire(close),
                wire(pct(open, close, 2)), wire(lastVolume), wire(volatility(bars)), ticks, chart);
    }

    /** Sample standard deviation (n − 1) of the bar-to-bar close returns in %, 4 decimals. */
    static BigDecimal volatility(List<HourBar> bars) {
        List<BigDecimal> returns = new ArrayList<>();
        for (int i = 1; i < bars.size(); i++) {
            BigDecimal before = bars.get(i - 1).close();
            if (before.signum() != 0) {
                returns.add(bars.get(i).close().subtract(before).multiply(HUNDRED).divide(before, MC));
            }
        }
        if (returns.size() < 2) {
            return null;
        }
        BigDecimal mean = returns.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(returns.size()), MC);
        BigDecimal squares = returns.stream().map(r -> r.subtract(mean).pow(2, MC)).reduce(BigDecimal.ZERO, BigDecimal::add);
        return squares.divide(BigDecimal.valueOf(returns.size() - 1L), MC).sqrt(MC).setScale(4, RoundingMode.HALF_EVEN);
    }

    private List<Mover> movers(List<SymbolSection> symbols, boolean gainers) {
        Comparator<SymbolSection> byChange = Comparator.comparing(s -> new BigDecimal(s.changePct()));
        return symbols.stream().filter(s -> s.changePct() != null)
                .filter(s -> new BigDecimal(s.changePct()).signum() == (gainers ? 1 : -1))
                .sorted(gainers ? byChange.reversed() : byChange)
                .limit(topMovers).map(s -> new Mover(s.symbol(), s.changePct(), s.close())).toList();
    }

    private static MarketSection market(SummaryFigures s) {
        return new MarketSection(figure(s.capOpen(), s.capClose()), figure(s.volumeOpen(), s.volumeClose()),
                figure(s.btcDominanceOpen(), s.btcDominanceClose()), figure(s.fearGreedOpen(), s.fearGreedClose()),
                s.fearGreedLabel());
    }

    private static Figure figure(BigDecimal open, BigDecimal close) {
        if (open == null || close == null) {
            return new Figure(wire(open), wire(close), null, null);
        }
        return new Figure(wire(open), wire(close), wire(close.subtract(open)), wire(pct(open, close, 2)));
    }

    private static List<SpreadSection> spreads(List<Spread> spreads, List<Deviation> deviations, List<String> symbols) {
        Map<String, Deviation> worst = deviations.stream().collect(Collectors.toMap(Deviation::symbol, Function.identity(),
                (a, b) -> a.meanAbsPct().compareTo(b.meanAbsPct()) >= 0 ? a : b, LinkedHashMap::new));
        return spreads.stream().filter(s -> symbols.contains(s.symbol())).sorted(Comparator.comparing(Spread::symbol))
                .map(s -> {
                    Deviation d = worst.get(s.symbol());
                    return new SpreadSection(s.symbol(), wire(pct(s.low(), s.high(), 4)), s.minute().toString(),
                            s.lowSource(), wire(s.low()), s.highSource(), wire(s.high()), d == null ? null : d.source(),
                            d == null ? null : wire(d.meanAbsPct().setScale(4, RoundingMode.HALF_EVEN)));
                }).toList();
    }

    /** (to − from) / from in %, {@code scale} decimals; null when from is zero or either is missing. */
    private static BigDecimal pct(BigDecimal from, BigDecimal to, int scale) {
        if (from == null || to == null || from.signum() == 0) {
            return null;
        }
        return to.subtract(from).multiply(HUNDRED).divide(from, scale, RoundingMode.HALF_EVEN);
    }

    /** The wire form, null for a missing figure. */
    private static String wire(BigDecimal value) {
        return value == null ? null : Decimals.toWire(value);
    }
}
