package io.tickstream.ingest.source.feargreed;

import io.tickstream.ingest.source.JsonValues;
import io.tickstream.ingest.source.MarketSource;
import io.tickstream.ingest.source.SourceCallException;
import io.tickstream.ingest.source.SourceHttpClient;
import io.tickstream.ingest.source.SourceHttpClientFactory;
import io.tickstream.ingest.source.SourceProperties;
import io.tickstream.ingest.source.SourceSnapshot;
import io.tickstream.ingest.source.SourcesProperties;
import io.tickstream.ingest.source.SummaryObservation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;

/**
 * alternative.me's Crypto Fear &amp; Greed Index: one poll is {@code GET /fng/?limit=1}, answered with
 * {@code {"name": "Fear and Greed Index", "data": [{"value": "40", "value_classification": "Fear",
 * "timestamp": "1551157200", "time_until_update": "68499"}], "metadata": {"error": null}}}. The value
 * and the timestamp (epoch seconds) are strings. Gives a summary with the index only, no quotes; the
 * index changes once a day, so the source polls rarely (default every 10 minutes) and its data may be
 * up to two days old before it counts as stale. A non-null {@code metadata.error}, or an answer
 * without a reading, is {@link SourceCallException.Malformed}.
 */
@Component
@ConditionalOnProperty(prefix = "tickstream.ingest.sources.feargreed", name = "enabled", havingValue = "true")
final class FearGreedSource implements MarketSource {

    static final String NAME = "feargreed";

    private final SourceHttpClient http;

    @Autowired
    FearGreedSource(SourcesProperties sources, SourceHttpClientFactory clients) {
        this(sources.feargreed(), clients);
    }

    FearGreedSource(SourceProperties properties, SourceHttpClientFactory clients) {
        this.http = clients.create(NAME, properties);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Mono<SourceSnapshot> fetch() {
        return http.getJson(uri -> uri.path("/fng/").queryParam("limit", "1").build())
                .map(answer -> SourceSnapshot.ofSummary(read(answer)));
    }

    private static SummaryObservation read(JsonNode answer) {
        JsonNode error = answer.path("metadata").path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            throw new SourceCallException.Malformed("Fear & Greed answered error: " + error);
        }
        JsonNode reading = answer.path("data").path(0);
        if (!reading.isObject()) {
            throw new SourceCallException.Malformed("Fear & Greed answer has no reading in 'data'");
        }
        BigDecimal value = JsonValues.requiredDecimal(reading, "value");
        String label = JsonValues.text(reading, "value_classification");
        Long timestamp = JsonValues.epochSeconds(reading, "timestamp");
        if (timestamp == null || label == null) {
            throw new SourceCallException.Malformed("Fear & Greed reading lacks 'timestamp' or 'value_classification'");
        }
        try {
            return SummaryObservation.ofFearGreed(value.intValueExact(), label, timestamp);
        } catch (ArithmeticException e) {
            throw new SourceCallException.Malformed("Fear & Greed 'value' is not a whole number: " + value);
        }
    }
}
