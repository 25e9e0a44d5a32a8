package io.tickstream.query.candles;

import io.tickstream.common.event.Decimals;
import io.tickstream.query.cache.CacheKeys;
import io.tickstream.query.cache.Cached;
import io.tickstream.query.cache.TwoTierCache;
import io.tickstream.query.problem.Problems;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Indicators computed from the newest {@link HistoryProperties#maxLimit()} candles of the interval (read from the
 * rollups), through cache-or-compute (the candles themselves come through the cache too). At most 10 names:
 * <ul>
 *   <li>{@code sma<n>}, {@code ema<n>}, {@code rsi<n>} (Wilder): one value each;</li>
 *   <li>{@code macd<fast>_<slow>_<signal>} ({@code macd} = {@code macd12_26_9}): the line under its name, and
 *       {@code <name>.signal} and {@code <name>.histogram};</li>
 *   <li>{@code bb<n>_<k>} (Bollinger bands, k standard deviations, default 2): {@code <name>.upper},
 *       {@code .middle}, {@code .lower}.</li>
 * </ul>
 * n (and fast, slow, signal) in 2..200, fast below slow; a name without its period takes {@code window} (default 14).
 * Names are answered in their full form ({@code bb} with window 20 is {@code bb20_2}).
 */
@Component
class IndicatorService {

    private static final Pattern SIMPLE = Pattern.compile("(sma|ema|rsi)(\\d{1,3})?");
    private static final Pattern MACD = Pattern.compile("macd(?:(\\d{1,3})_(\\d{1,3})_(\\d{1,3}))?");
    private static final Pattern BANDS = Pattern.compile("bb(\\d{1,3})?(?:_(\\d{1,2}(?:\\.\\d{1,2})?))?");
    private static final int MAX_NAMES = 10;
    private static final int DEFAULT_WINDOW = 14;

    private final CandleService candles;
    private final TwoTierCache cache;
    private final HistoryProperties properties;
    private final JsonMapper json;

    IndicatorService(CandleService candles, TwoTierCache cache, HistoryProperties properties, JsonMapper json) {
        this.candles = candles;
        this.cache = cache;
        this.properties = properties;
        this.json = json;
    }

    /**
     * @param symbol   canonical symbol
     * @param interval candle width
     * @param asOf     end of the last candle, ISO-8601
     * @param candles  how many candles the values come from
     * @param values   by name (multi-valued indicators under {@code <name>.<part>}), null when there were too few candles
     */
    record IndicatorValues(String symbol, String interval, String asOf, int candles, Map<String, String> values) {
    }

    /** One indicator asked for, in its full form: kind, periods and bands' width. */
    record Spec(String name, String kind, int[] periods, BigDecimal k) {
    }

    Mono<Cached> indicators(String rawSymbol, String rawNames, String rawInterval, String rawWindow) {
        int window = Problems.bounded("window", rawWindow, DEFAULT_WINDOW, 2, 200);
        List<Spec> specs = specs(rawNames, window);
        CandleService.Request request = candles.request(rawSymbol, rawInterval, null, null,
                Integer.toString(properties.maxLimit()), CandleInterval.H1);
        List<String> names = specs.stream().map(Spec::name).toList();
        // an answer with a null value (too few candles: the history may still be arriving, as right after a fresh
        // start) is sent but not cached, so the values appear as soon as the candles do
        java.util.concurrent.atomic.AtomicBoolean complete = new java.util.concurrent.atomic.AtomicBoolean();
        return cache.get(CacheKeys.indicators(request.symbol(), request.interval().label(), names, request.to().getEpochSecond()),
                () -> candles.freshSeries(request).map(series -> {
                    IndicatorValues values = compute(series, specs);
                    complete.set(!values.values().containsValue(null));
                    return json.writeValueAsBytes(values);
                }), body -> complete.get());
    }

    private static IndicatorValues compute(CandleSeries series, List<Spec> specs) {
        List<BigDecimal> closes = series.candles().stream().map(c -> new BigDecimal(c.close())).toList();
        Map<String, String> values = new LinkedHashMap<>();
        for (Spec spec : specs) {
            int[] p = spec.periods();
            switch (spec.kind()) {
                case "sma" -> values.put(spec.name(), wire(Indicators.sma(closes, p[0])));
                case "ema" -> values.put(spec.name(), wire(Indicators.ema(closes, p[0])));
                case "rsi" -> values.put(spec.name(), wire(Indicators.rsi(closes, p[0])));
                case "macd" -> {
                    Indicators.Macd macd = Indicators.macd(closes, p[0], p[1], p[2]);
                    values.put(spec.name(), macd == null ? null : wire(macd.line()));
                    values.put(spec.name() + ".signal", macd == null ? null : wire(macd.signal()));
                    values.put(spec.name() + ".histogram", macd == null ? null : wire(macd.histogram()));
                }
                default -> {
                    Indicators.Bands bands = Indicators.bollinger(closes, p[0], spec.k());
                    values.put(spec.name() + ".upper", bands == null ? null : wire(bands.upper()));
                    values.put(spec.name() + ".middle", bands == null ? null : wire(bands.middle()));
                    values.put(spec.name() + ".lower", bands == null ? null : wire(bands.lower()));
                }
            }
        }
        return new IndicatorValues(series.symbol(), series.interval(), series.to(), closes.size(), values);
    }

    private static String wire(BigDecimal value) {
        return value == null ? null : Decimals.toWire(value);
    }

    static List<Spec> specs(String raw, int window) {
        String value = raw == null || raw.isBlank() ? "sma20,ema50,rsi14" : raw;
        List<String> names = Arrays.stream(value.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).distinct().toList();
        if (names.isEmpty() || names.size() > MAX_NAMES) {
            throw Problems.badRequest("names must list 1 to " + MAX_NAMES + " indicators, e.g. sma20,ema50,rsi14");
        }
        Map<String, Spec> specs = new LinkedHashMap<>(); // one per full name: sma and sma14 with window 14 are one
        names.forEach(name -> specs.putIfAbsent(spec(name, window).name(), spec(name, window)));
        return List.copyOf(specs.values());
    }

    private static Spec spec(String name, int window) {
        Matcher simple = SIMPLE.matcher(name);
        if (simple.matches()) {
            int period = simple.group(2) == null ? window : period(name, simple.group(2));
            return new Spec(simple.group(1) + period, simple.group(1), new int[] {period}, null);
        }
        Matcher macd = MACD.matcher(name);
        if (macd.matches()) {
            int fast = macd.group(1) == null ? 12 : period(name, macd.group(1));
            int slow = macd.group(2) == null ? 26 : period(name, macd.group(2));
            int signal = macd.group(3) == null ? 9 : period(name, macd.group(3));
            if (fast >= slow) {
                throw Problems.badRequest("indicator '" + name + "': the fast period must be below the slow one");
            }
            return new Spec("macd" + fast + "_" + slow + "_" + signal, "macd", new int[] {fast, slow, signal}, null);
        }
        Matcher bands = BANDS.matcher(name);
        if (bands.matches()) {
            int period = bands.group(1) == null ? window : period(name, bands.group(1));
            BigDecimal k = bands.group(2) == null ? BigDecimal.valueOf(2) : new BigDecimal(bands.group(2));
            if (k.signum() <= 0) {
                throw Problems.badRequest("indicator '" + name + "': the bands' width must be above 0");
            }
            return new Spec("bb" + period + "_" + k.stripTrailingZeros().toPlainString(), "bb", new int[] {period}, k);
        }
        throw Problems.badRequest("unknown indicator '" + name + "': sma<n>, ema<n>, rsi<n>, macd[<fast>_<slow>_<signal>]"
                + " or bb<n>[_<k>] with n in 2..200");
    }

    private static int period(String name, String digits) {
        int period = Integer.parseInt(digits);
        if (period < 2 || period > 200) {
            throw Problems.badRequest("indicator '" + name + "': the period must be 2..200");
        }
        return period;
    }
}
