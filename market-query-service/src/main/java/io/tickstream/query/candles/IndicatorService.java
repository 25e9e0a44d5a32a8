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
 * Indicators ({@code sma<n>}, {@code ema<n>}, {@code rsi<n>}, n in 2..200, at most 10 names) computed
 * from the newest {@link HistoryProperties#maxLimit()} candles of the interval, through cache-or-compute
 * (the candles themselves come through the cache too).
 */
@Component
class IndicatorService {

    private static final Pattern NAME = Pattern.compile("(sma|ema|rsi)(\\d{1,3})");
    private static final int MAX_NAMES = 10;

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
     * @param values   by name, null when there were too few candles
     */
    record IndicatorValues(String symbol, String interval, String asOf, int candles, Map<String, String> values) {
    }

    Mono<Cached> indicators(String rawSymbol, String rawNames, String rawInterval) {
        List<String> names = names(rawNames);
        CandleService.Request request = candles.request(rawSymbol, rawInterval, null, null,
                Integer.toString(properties.maxLimit()), CandleInterval.H1);
        return cache.get(CacheKeys.indicators(request.symbol(), request.interval().label(), names, request.to().getEpochSecond()),
                () -> candles.series(request).map(series -> json.writeValueAsBytes(compute(series, names))));
    }

    private static IndicatorValues compute(CandleSeries series, List<String> names) {
        List<BigDecimal> closes = series.candles().stream().map(c -> new BigDecimal(c.close())).toList();
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            Matcher m = NAME.matcher(name);
            m.matches();
            int period = Integer.parseInt(m.group(2));
            BigDecimal value = switch (m.group(1)) {
                case "sma" -> Indicators.sma(closes, period);
                case "ema" -> Indicators.ema(closes, period);
                default -> Indicators.rsi(closes, period);
            };
            values.put(name, value == null ? null : Decimals.toWire(value));
        }
        return new IndicatorValues(series.symbol(), series.interval(), series.to(), closes.size(), values);
    }

    private static List<String> names(String raw) {
        String value = raw == null || raw.isBlank() ? "sma20,ema50,rsi14" : raw;
        List<String> names = Arrays.stream(value.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).distinct().toList();
        if (names.isEmpty() || names.size() > MAX_NAMES) {
            throw Problems.badRequest("names must list 1 to " + MAX_NAMES + " indicators, e.g. sma20,ema50,rsi14");
        }
        for (String name : names) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw Problems.badRequest("unknown indicator '" + name + "': sma<n>, ema<n> or rsi<n> with n in 2..200");
            }
            int period = Integer.parseInt(m.group(2));
            if (period < 2 || period > 200) {
                throw Problems.badRequest("indicator '" + name + "': the period must be 2..200");
            }
        }
        return names;
    }
}
