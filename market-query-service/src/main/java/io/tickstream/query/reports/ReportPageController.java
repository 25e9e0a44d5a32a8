package io.tickstream.query.reports;

import io.tickstream.query.problem.Problems;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report pages: {@code GET /reports[?page]} (the latest market report's key figures and the list),
 * {@code /reports/{id}} (a report's page) and {@code /reports/{id}.pdf} (its PDF), both through the report
 * cache ({@code X-Cache: HIT|MISS}); {@code /reports/report.css}. An unknown report is a 404 page.
 */
@Hidden // pages, not API: the JSON twins are under /api/v1/reports
@RestController
class ReportPageController {

    static final String CACHE_HEADER = "X-Cache";
    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);
    /** Reports never change: browsers and proxies may keep them for a day. */
    private static final Pattern REPORT = Pattern.compile("([0-9]{1,18})(\\.pdf)?");
    private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(1)).cachePublic();

    private final ReportStore store;
    private final ReportReader reader;
    private final ReportViews views;
    private final ReportPages pages;
    private final ReportProperties properties;

    ReportPageController(ReportStore store, ReportReader reader, ReportViews views, ReportPages pages, ReportProperties properties) {
        this.store = store;
        this.reader = reader;
        this.views = views;
        this.pages = pages;
        this.properties = properties;
    }

    @GetMapping("/reports")
    Mono<ResponseEntity<String>> index(@RequestParam(required = false) String page) {
        int number = Problems.bounded("page", page, 1, 1, 100_000);
        int size = properties.pageSize();
        Mono<Report> latest = store.latestId().flatMap(reader::report);
        return Mono.zip(latest.map(Optional::of).defaultIfEmpty(Optional.empty()),
                        store.page("", "", (number - 1) * size, size).collectList(), store.count("", ""))
                .map(t -> {
                    int pagesTotal = (int) Math.max(1, (t.getT3() + size - 1) / size);
                    return ResponseEntity.ok().contentType(HTML).cacheControl(CacheControl.noCache())
                            .body(pages.index(t.getT1().orElse(null), t.getT2(), number, pagesTotal, t.getT3()));
                });
    }

    /** {@code /reports/{id}} and {@code /reports/{id}.pdf}; anything else under {@code /reports/} is a 404 page. */
    @GetMapping("/reports/{name}")
    Mono<ResponseEntity<byte[]>> report(@PathVariable String name) {
        Matcher matcher = REPORT.matcher(name);
        if (!matcher.matches()) {
            return Mono.just(notFound("There is no report at this address."));
        }
        long id = Long.parseLong(matcher.group(1));
        Mono<ResponseEntity<byte[]>> answer = matcher.group(2) == null ? page(id) : pdf(id);
        return answer.switchIfEmpty(Mono.fromSupplier(() -> notFound("There is no report " + id + ".")));
    }

    private Mono<ResponseEntity<byte[]>> page(long id) {
        return views.page(id).map(answer -> ResponseEntity.ok().contentType(HTML).cacheControl(IMMUTABLE)
                .header(CACHE_HEADER, answer.header()).body(answer.body()));
    }

    private Mono<ResponseEntity<byte[]>> pdf(long id) {
        return views.pdf(id).map(answer -> ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).cacheControl(IMMUTABLE)
                .header("Content-Disposition", ContentDisposition.inline().filename("tickstream-report-" + id + ".pdf").build().toString())
                .header(CACHE_HEADER, answer.header()).body(answer.body()));
    }

    @GetMapping("/reports/report.css")
    ResponseEntity<String> css() {
        return ResponseEntity.ok().contentType(new MediaType("text", "css", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1))).body(pages.css());
    }

    private ResponseEntity<byte[]> notFound(String detail) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(HTML)
                .body(pages.notFound(detail).getBytes(StandardCharsets.UTF_8));
    }
}
