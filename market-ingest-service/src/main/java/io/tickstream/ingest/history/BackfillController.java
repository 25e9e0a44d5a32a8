package io.tickstream.ingest.history;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /admin/backfill}: progress per source and symbol. {@code POST /admin/backfill?source=binance[&depth=P30D]}:
 * starts (or resumes) a backfill of one source on this instance ({@code 202}; {@code 409} when one runs).
 */
@RestController
@RequestMapping("/admin/backfill")
class BackfillController {

    private final Backfiller backfiller;
    private final BackfillProperties properties;

    BackfillController(Backfiller backfiller, BackfillProperties properties) {
        this.backfiller = backfiller;
        this.properties = properties;
    }

    @GetMapping
    Map<String, Object> progress() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("sources", backfiller.sources());
        view.put("depth", properties.depth().toString());
        view.put("progress", backfiller.progress());
        return view;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> start(@RequestParam String source, @RequestParam(required = false) String depth) {
        if (!backfiller.sources().contains(source)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "no history API for source '" + source + "'; sources with one: " + backfiller.sources());
        }
        Duration span;
        try {
            span = depth == null ? properties.depth() : Duration.parse(depth);
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "depth must be an ISO-8601 duration such as P30D: " + depth);
        }
        if (span.isNegative() || span.isZero() || span.compareTo(Duration.ofDays(400)) > 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "depth must be between 1 minute and 400 days: " + depth);
        }
        if (!backfiller.start(source, span)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "a backfill of " + source + " is running");
        }
        return ResponseEntity.accepted().body(Map.of("source", source, "depth", span.toString()));
    }
}
