package io.tickstream.query.reports;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes sure the daily reports of the last {@code catch-up-days} (yesterday included) and the weekly
 * reports of the weeks that ended in that window exist, {@code after} past the midnight that ends their
 * period: at start and every {@code check-every}. The market report first, then one per symbol it lists;
 * then the latest market report is primed into the report cache (a no-op when it is there already).
 * Every instance runs it; the generation lease and the unique key make one report per period
 * ({@link ReportGenerator}). A failure is logged and tried again on the next check.
 */
@Component
class ReportSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReportSchedule.class);

    private final ReportGenerator generator;
    private final ReportReader reader;
    private final ReportViews views;
    private final ReportProperties properties;
    private final Clock clock;
    private volatile Disposable loop;

    ReportSchedule(ReportGenerator generator, ReportReader reader, ReportViews views, ReportProperties properties, Clock clock) {
        this.generator = generator;
        this.reader = reader;
        this.views = views;
        this.properties = properties;
        this.clock = clock;
    }

    /** The periods due now, oldest first. */
    List<ReportPeriod> due(Instant now) {
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        List<ReportPeriod> due = new ArrayList<>();
        for (int back = Math.max(1, properties.catchUpDays()); back >= 1; back--) {
            ReportPeriod day = ReportPeriod.day(today.minusDays(back));
            if (!day.end().plus(properties.after()).isAfter(now)) {
                due.add(day);
            }
            ReportPeriod week = ReportPeriod.weekOf(today.minusDays(back));
            if (week.end().equals(day.end()) && !week.end().plus(properties.after()).isAfter(now)) {
                due.add(week);
            }
        }
        return due;
    }

    /** Generates whatever is due and missing, then primes the report cache with the latest; completes when done. */
    Mono<Void> runOnce() {
        return Flux.fromIterable(due(clock.instant()))
                .concatMap(period -> generator.generate(ReportScope.MARKET, period)
                        .flatMapMany(market -> properties.symbolReports() && market.id() != null
                                ? reader.report(market.id()).flatMapIterable(r -> r.content().symbols())
                                        .concatMap(symbol -> generator.generate(new ReportScope(symbol.symbol()), period))
                                : Flux.empty())
                        .onErrorResume(e -> {
                            log.warn("report generation for {} failed, tried again in {}: {}", period, properties.checkEvery(), e.toString());
                            return Mono.empty();
                        }))
                .then(Mono.defer(views::prime).onErrorResume(e -> Mono.empty()))
                .then();
    }

    @Override
    public void start() {
        if (!properties.schedule()) {
            return;
        }
        loop = Flux.interval(Duration.ZERO, properties.checkEvery(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> runOnce(), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
            loop = null;
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
