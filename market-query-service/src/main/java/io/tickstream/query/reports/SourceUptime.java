package io.tickstream.query.reports;

import io.tickstream.common.event.Decimals;
import io.tickstream.query.reports.ArchiveRows.HealthTransition;
import io.tickstream.query.reports.ArchiveRows.QuoteCount;
import io.tickstream.query.reports.ReportContent.Interval;
import io.tickstream.query.reports.ReportContent.SourceQuality;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The data-quality picture of each source over a period, from its health transitions. A source's state
 * at the start is its last transition's before the period, else the previous state of its first
 * transition in it; a source with quotes and no transition at all was {@code up} throughout, one with
 * neither has no known uptime. The consensus is derived, not a source: it is left out.
 */
final class SourceUptime {

    private static final String UP = "up";
    private static final String RATE_LIMITED = "rate_limited";
    private static final String CONSENSUS = "consensus";

    private SourceUptime() {
    }

    static List<SourceQuality> of(ReportPeriod period, List<HealthTransition> transitions, List<QuoteCount> counts) {
        Map<String, List<HealthTransition>> bySource = new TreeMap<>();
        transitions.stream().sorted(Comparator.comparing(HealthTransition::time))
                .forEach(t -> bySource.computeIfAbsent(t.source(), s -> new ArrayList<>()).add(t));
        Map<String, QuoteCount> countBySource = new TreeMap<>();
        counts.forEach(c -> countBySource.put(c.source(), c));
        TreeSet<String> sources = new TreeSet<>(bySource.keySet());
        sources.addAll(countBySource.keySet());
        sources.remove(CONSENSUS);
        List<SourceQuality> quality = new ArrayList<>();
        for (String source : sources) {
            QuoteCount count = countBySource.getOrDefault(source, new QuoteCount(source, 0, 0));
            quality.add(quality(source, period, bySource.getOrDefault(source, List.of()), count));
        }
        return quality;
    }

    private static SourceQuality quality(String source, ReportPeriod period, List<HealthTransition> transitions, QuoteCount count) {
        String state = initialState(period, transitions, count);
        if (state == null) {
            return new SourceQuality(source, null, List.of(), count.quotes(), count.stale());
        }
        Duration up = Duration.ZERO;
        List<Interval> rateLimited = new ArrayList<>();
        Instant since = period.start();
        for (HealthTransition t : transitions) {
            if (t.time().isBefore(period.start())) {
                continue;
            }
            up = up.plus(time(state, UP, since, t.time()));
            limited(state, since, t.time(), rateLimited);
            state = t.state();
            since = t.time();
        }
        up = up.plus(time(state, UP, since, period.end()));
        limited(state, since, period.end(), rateLimited);
        BigDecimal pct = BigDecimal.valueOf(up.toMillis()).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(Duration.between(period.start(), period.end()).toMillis()), 2, RoundingMode.HALF_EVEN);
        return new SourceQuality(source, Decimals.toWire(pct), rateLimited, count.quotes(), count.stale());
    }

    private static String initialState(ReportPeriod period, List<HealthTransition> transitions, QuoteCount count) {
        String state = null;
        for (HealthTransition t : transitions) {
            if (t.time().isBefore(period.start())) {
                state = t.state();
            } else {
                return state != null ? state : t.previousState();
            }
        }
        if (state != null) {
            return state;
        }
        return count.quotes() > 0 ? UP : null;
    }

    private static Duration time(String state, String wanted, Instant from, Instant to) {
        return state.equals(wanted) && to.isAfter(from) ? Duration.between(from, to) : Duration.ZERO;
    }

    private static void limited(String state, Instant from, Instant to, List<Interval> intervals) {
        if (state.equals(RATE_LIMITED) && to.isAfter(from)) {
            intervals.add(new Interval(from.toString(), to.toString()));
        }
    }
}
