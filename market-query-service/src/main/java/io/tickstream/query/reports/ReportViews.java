package io.tickstream.query.reports;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

/**
 * A report's three answers (JSON, page, PDF) through the report cache ({@link ReportCache}), rendered on
 * a miss; empty when the report does not exist. PDFs render on a scheduler of their own (2 threads, 100
 * queued at most) within {@code render-timeout}. At start, the latest market report's three answers are
 * rendered into the cache (primed), so the morning's first reader does not wait.
 */
@Component
class ReportViews implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReportViews.class);

    private final ReportCache cache;
    private final ReportReader reader;
    private final ReportStore store;
    private final ReportPages pages;
    private final PdfRenderer pdf;
    private final JsonMapper json;
    private final ReportProperties properties;
    private final Scheduler rendering = Schedulers.newBoundedElastic(2, 100, "report-render");
    private volatile Disposable priming;

    ReportViews(ReportCache cache, ReportReader reader, ReportStore store, ReportPages pages, PdfRenderer pdf,
                JsonMapper json, ReportProperties properties) {
        this.cache = cache;
        this.reader = reader;
        this.store = store;
        this.pages = pages;
        this.pdf = pdf;
        this.json = json;
        this.properties = properties;
    }

    Mono<ReportCache.Answer> json(long id) {
        return cache.get(ReportCache.key(id, "json"), () -> reader.report(id).map(json::writeValueAsBytes));
    }

    Mono<ReportCache.Answer> page(long id) {
        return cache.get(ReportCache.key(id, "page"), () -> reader.report(id)
                .map(report -> pages.report(report, false).getBytes(StandardCharsets.UTF_8)));
    }

    Mono<ReportCache.Answer> pdf(long id) {
        return cache.get(ReportCache.key(id, "pdf"), () -> reader.report(id)
                .publishOn(rendering)
                .map(report -> pdf.render(pages.report(report, true)))
                .timeout(properties.renderTimeout()));
    }

    /** Renders the latest market report's answers into the cache; completes empty when there is none. */
    Mono<Long> prime() {
        return store.latestId().flatMap(id -> json(id).then(page(id)).then(pdf(id)).thenReturn(id))
                .doOnNext(id -> {
                    cache.primedId.set(id);
                    log.info("report cache primed with report {}", id);
                });
    }

    /**
     * With no report to prime, renders a throwaway PDF with a chart instead: the first real PDF of a fresh
     * instance then does not pay for loading the PDF and SVG renderers (seconds on a busy machine).
     */
    private Mono<Long> warmUp() {
        String xhtml = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>warm-up</p>"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><line x1=\"0\" y1=\"0\" x2=\"10\" y2=\"10\" stroke=\"#000\"/></svg>"
                + "</body></html>";
        return Mono.fromCallable(() -> pdf.render(xhtml)).subscribeOn(rendering).then(Mono.empty());
    }

    @Override
    public void start() {
        priming = prime().switchIfEmpty(Mono.defer(this::warmUp))
                .subscribe(id -> { }, e -> log.warn("report cache not primed: {}", e.toString()));
    }

    @Override
    public void stop() {
        Disposable running = priming;
        if (running != null) {
            running.dispose();
        }
        rendering.dispose();
        priming = null;
    }

    @Override
    public boolean isRunning() {
        return priming != null;
    }
}
