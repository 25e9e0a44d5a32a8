package io.tickstream.query.reports;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** A stored report by id, its content parsed; empty when there is no such report. */
@Component
class ReportReader {

    private final ReportStore store;
    private final JsonMapper json;

    ReportReader(ReportStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    Mono<Report> report(long id) {
        return store.byId(id).map(stored -> {
            ReportListing l = stored.listing();
            return new Report(l.id(), l.key(), l.scope(), l.kind(), l.periodStart(), l.periodEnd(), l.generatedAt(),
                    json.readValue(stored.contentJson(), ReportContent.class));
        });
    }
}
