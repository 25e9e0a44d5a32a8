package io.tickstream.query.reports;

import io.tickstream.query.problem.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * {@code POST /admin/reports?kind=1d|1w|adhoc[&scope=market|<symbol>][&date=YYYY-MM-DD][&from&to]}: generates a
 * report now (through the gateway: {@code /admin/query/reports}, admins only). {@code 1d}: the UTC day
 * {@code date} (default yesterday); {@code 1w}: the week (from Monday) holding {@code date} (default last
 * week); {@code adhoc}: {@code from}..{@code to} (ISO-8601; {@code to} default now, {@code from} default an
 * hour before it). 201 with {@code Location} when generated, 200 when it existed, 409 when another instance
 * is generating it, 422 when the archive holds no quote of the period; 400 for bad parameters.
 */
@RestController
class ReportAdminController {

    private final ReportGenerator generator;
    private final ReportProperties properties;
    private final Clock clock;

    ReportAdminController(ReportGenerator generator, ReportProperties properties, Clock clock) {
        this.generator = generator;
        this.properties = properties;
        this.clock = clock;
    }

    /** The answer: what happened, the report's key, its id and links when it exists. */
    public record Generation(String outcome, String key, Long id, ReportListing.Links links) {
    }

    @PostMapping("/admin/reports")
    Mono<ResponseEntity<Generation>> generate(@RequestParam(defaultValue = "1d") String kind,
                                              @RequestParam(defaultValue = "market") String scope,
                                              @RequestParam(required = false) String date,
                                              @RequestParam(required = false) String from,
                                              @RequestParam(required = false) String to) {
        ReportPeriod period;
        try {
            period = period(ReportRequests.kind(kind), date, from, to);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Mono.error(Problems.badRequest("bad period: " + e.getMessage()));
        }
        return generator.generate(ReportRequests.scope(scope), period)
                .onErrorMap(IllegalArgumentException.class, e -> Problems.badRequest(e.getMessage()))
                .flatMap(result -> {
                    Generation body = new Generation(result.outcome().name().toLowerCase(Locale.ROOT), result.key(),
                            result.id(), result.id() == null ? null : ReportListing.Links.of(result.id()));
                    return switch (result.outcome()) {
                        case GENERATED -> Mono.just(ResponseEntity.created(URI.create(body.links().page())).body(body));
                        case EXISTS -> Mono.just(ResponseEntity.ok(body));
                        case BUSY -> Mono.error(new ResponseStatusException(HttpStatus.CONFLICT,
                                "another instance is generating " + result.key() + "; try again shortly"));
                        case NO_DATA -> Mono.error(new ResponseStatusException(HttpStatus.UNPROCESSABLE_CONTENT,
                                "the archive holds no quote for " + result.key()));
                    };
                });
    }

    private ReportPeriod period(ReportKind kind, String date, String from, String to) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return switch (kind) {
            case DAILY -> ReportPeriod.day(date == null ? today.minusDays(1) : LocalDate.parse(date));
            case WEEKLY -> ReportPeriod.weekOf(date == null ? today.minusWeeks(1) : LocalDate.parse(date));
            case ADHOC -> {
                Instant end = to == null ? clock.instant() : Instant.parse(to);
                Instant start = from == null ? end.minusSeconds(3600) : Instant.parse(from);
                yield ReportPeriod.adhoc(start, end, properties.longestAdhoc());
            }
        };
    }
}
