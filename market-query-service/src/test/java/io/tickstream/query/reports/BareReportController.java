package io.tickstream.query.reports;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;

/**
 * Benchmark only (off unless {@code tickstream.query.bench.baseline=true}, as {@code scripts/bench-reports.sh}
 * sets it): {@code GET /bench/reports/{id}} and {@code /bench/reports/{id}.pdf} answer what
 * {@code /reports/{id}[.pdf]} answers, rendered every time (read from PostgreSQL, template, PDF) without the
 * report cache: the bare endpoint the cached one is measured against in the same run. Test sources only, in the
 * package of the report classes it uses: not in the production jar; {@code scripts/bench-query/bench-endpoints.sh}
 * adds it to the jar's class path for the benchmark.
 */
@RestController
@ConditionalOnProperty(name = "tickstream.query.bench.baseline", havingValue = "true")
class BareReportController {

    private final ReportReader reader;
    private final ReportPages pages;
    private final PdfRenderer pdf;

    BareReportController(ReportReader reader, ReportPages pages, PdfRenderer pdf) {
        this.reader = reader;
        this.pages = pages;
        this.pdf = pdf;
    }

    @GetMapping("/bench/reports/{id:[0-9]{1,18}}")
    Mono<ResponseEntity<byte[]>> page(@PathVariable long id) {
        return reader.report(id).map(report -> ResponseEntity.ok().contentType(MediaType.TEXT_HTML)
                        .body(pages.report(report, false).getBytes(StandardCharsets.UTF_8)))
                .defaultIfEmpty(ResponseEntity.notFound().build());
    }

    @GetMapping("/bench/reports/{id:[0-9]{1,18}}.pdf")
    Mono<ResponseEntity<byte[]>> pdf(@PathVariable long id) {
        return reader.report(id).publishOn(Schedulers.boundedElastic())
                .map(report -> ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).body(pdf.render(pages.report(report, true))))
                .defaultIfEmpty(ResponseEntity.notFound().build());
    }
}
