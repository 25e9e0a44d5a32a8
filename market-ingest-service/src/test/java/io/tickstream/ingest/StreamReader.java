package io.tickstream.ingest;

import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.stream.StreamEntryCodec;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a test's streams back through the codec, as a consumer would. */
public record StreamReader(ReactiveStringRedisTemplate redis) {

    /** Every entry of {@code stream}, decoded, oldest first. */
    public List<MarketEvent> events(String stream) {
        return redis.opsForStream().range(stream, Range.unbounded())
                .map(entry -> {
                    Map<String, String> fields = new HashMap<>();
                    entry.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
                    return StreamEntryCodec.decode(fields);
                })
                .collectList().block();
    }

    /** Raw {@code id} field of every entry of {@code stream}. */
    public List<String> ids(String stream) {
        return redis.opsForStream().range(stream, Range.unbounded())
                .map(entry -> entry.getValue().get("id").toString()).collectList().block();
    }

    public List<Quote> quotes(String stream) {
        return events(stream).stream().filter(Quote.class::isInstance).map(Quote.class::cast).toList();
    }

    public List<SourceHealthChanged> health(String stream) {
        return events(stream).stream().filter(SourceHealthChanged.class::isInstance)
                .map(SourceHealthChanged.class::cast).toList();
    }
}
