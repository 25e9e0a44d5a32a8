package io.tickstream.query.reports;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;

/**
 * Generates and stores one report: reads the archive ({@link ReportArchive}), calculates
 * ({@link ReportCalculator}), inserts. With several instances, the generation lease of the report's key
 * lets one of them work while the others answer {@link Outcome#BUSY}; the unique key guarantees one
 * report per scope, kind and period whatever happens. A period without quotes gives no report (it would
 * freeze an empty one for ever), nor does a period that has not ended.
 */
@Component
public class ReportGenerator {

    private static final Logger log = LoggerFactory.getLogger(ReportGenerator.class);

    private final ReportArchive archive;
    private final ReportStore store;
    private final ReportProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final ReportCalculator calculator;
    /** This instance, as it signs leases and reports: host, pid and a random suffix (one per process). */
    private final String holder = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);

    private final MeterRegistry meters;

    ReportGenerator(ReportArchive archive, ReportStore store, ReportProperties properties, JsonMapper json, Clock clock,
                    MeterRegistry meters) {
        this.meters = meters;
        this.archive = archive;
        this.store = store;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.calculator = new ReportCalculator(properties.topMovers(), properties.maxSymbols());
    }

    /** What became of a request to generate a report. */
    public enum Outcome {
        /** Generated and stored now. */
        GENERATED,
        /** It existed already (reports are never generated twice). */
        EXISTS,
        /** Another instance holds its generation lease. */
        BUSY,
        /** The archive holds no quote of the period (or of the symbol): nothing stored. */
        NO_DATA
    }

    /** The outcome, the report's key and its id (null when there is none). */
    public record Result(Outcome outcome, String key, Long id) {
    }

    /**
     * Generates the report of {@code scope} over {@code period} unless it exists; counted in
     * {@code tickstream_query_reports_generations_total{outcome=generated|exists|busy|no_data|failed}}.
     */
    public Mono<Result> generate(ReportScope scope, ReportPeriod period) {
        return attempt(scope, period)
                .doOnNext(result -> count(result.outcome().name()))
                .doOnError(e -> count("failed"));
    }

    private void count(String outcome) {
        meters.counter("tickstream.query.reports.generations", "outcome", outcome.toLowerCase(Locale.ROOT)).increment();
    }

    private Mono<Result> attempt(ReportScope scope, ReportPeriod period) {
        String key = period.key(scope);
        if (period.end().isAfter(clock.instant())) {
            return Mono.error(new IllegalArgumentException("the period of " + key + " has not ended yet"));
        }
        return store.idOf(key).map(id -> new Result(Outcome.EXISTS, key, id))
                .switchIfEmpty(Mono.defer(() -> store.lease(key, holder, properties.lease())
                        .flatMap(leased -> leased
                                ? generateLeased(scope, period, key).flatMap(result -> store.release(key, holder).thenReturn(result))
                                        .onErrorResume(e -> store.release(key, holder).then(Mono.error(e)))
                                : Mono.just(new Result(Outcome.BUSY, key, null)))));
    }

    private Mono<Result> generateLeased(ReportScope scope, ReportPeriod period, String key) {
        // the lease is ours: a report stored meanwhile by the one who held it before is found again here
        return store.idOf(key).map(id -> new Result(Outcome.EXISTS, key, id))
                .switchIfEmpty(Mono.defer(() -> archive.read(scope, period).flatMap(rows -> {
                    ReportContent content = calculator.calculate(period, rows);
                    if (content.symbols().isEmpty()) {
                        return Mono.just(new Result(Outcome.NO_DATA, key, null));
                    }
                    return store.insert(key, scope, period, holder, json.writeValueAsString(content))
                            .map(id -> {
                                log.info("report {} generated as {} ({} symbols, {} signals)", key, id,
                                        content.symbols().size(), content.signals().size());
                                return new Result(Outcome.GENERATED, key, id);
                            })
                            .switchIfEmpty(store.idOf(key).map(id -> new Result(Outcome.EXISTS, key, id)));
                })));
    }
}
