package io.tickstream.query.reports;

import io.swagger.v3.oas.annotations.Operation;
import io.tickstream.query.problem.Problems;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;

/**
 * {@code GET /api/v1/reports[?page&size&scope&kind]}: the list, newest first; {@code GET /api/v1/reports/latest}
 * and {@code /api/v1/reports/{id}}: one report as JSON through the report cache ({@code X-Cache: HIT|MISS}).
 * Unknown id: 404 problem.
 */
@RestController
class ReportApiController {

    private final ReportStore store;
    private final ReportViews views;
    private final ReportProperties properties;

    ReportApiController(ReportStore store, ReportViews views, ReportProperties properties) {
        this.store = store;
        this.views = views;
        this.properties = properties;
    }

    /** One page of the list. */
    public record ReportPage(int page, int size, long total, List<ReportListing> reports) {
    }

    @Operation(summary = "Market reports, newest first",
            description = "Paginated (page from 1, size 1..100); filter by scope (market or a symbol) and kind (1d, 1w, adhoc).")
    @GetMapping("/api/v1/reports")
    Mono<ReportPage> list(@RequestParam(required = false) String page, @RequestParam(required = false) String size,
                          @RequestParam(required = false) String scope, @RequestParam(required = false) String kind) {
        int number = Problems.bounded("page", page, 1, 1, 100_000);
        int perPage = Problems.bounded("size", size, properties.pageSize(), 1, 100);
        String scopeName = scope == null || scope.isBlank() ? "" : ReportRequests.scope(scope).name();
        String kindCode = kind == null || kind.isBlank() ? "" : ReportRequests.kind(kind).code();
        return Mono.zip(store.page(scopeName, kindCode, (number - 1) * perPage, perPage).collectList(), store.count(scopeName, kindCode))
                .map(t -> new ReportPage(number, perPage, t.getT2(), t.getT1()));
    }

    @Operation(summary = "The latest market report", description = "As JSON, from the report cache (X-Cache: HIT or MISS); 404 problem before the first.")
    @GetMapping("/api/v1/reports/latest")
    Mono<ResponseEntity<byte[]>> latest() {
        return store.latestId().flatMap(views::json).map(ReportApiController::answer)
                .switchIfEmpty(Mono.error(() -> Problems.notFound("no report yet")));
    }

    @Operation(summary = "One market report by id", description = "As JSON, from the report cache (X-Cache: HIT or MISS); unknown id: 404 problem.")
    @GetMapping("/api/v1/reports/{id}")
    Mono<ResponseEntity<byte[]>> report(@PathVariable String id) {
        long number = ReportRequests.id(id);
        return views.json(number).map(ReportApiController::answer)
                .switchIfEmpty(Mono.error(() -> Problems.notFound("no report " + number)));
    }

    private static ResponseEntity<byte[]> answer(ReportCache.Answer answer) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)))
                .header(ReportPageController.CACHE_HEADER, answer.header()).body(answer.body());
    }
}
