package io.tickstream.ingest;

import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.stream.StreamEntryCodec;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import io.tickstream.common.stream.Partitions;
import org.springframework.data.redis.connection.stream.MapRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a test's streams back through the codec, as a consumer would. */
public record StreamReader(ReactiveStringRedisTemplate redis) {

    /**
     * Every entry of {@code stream} and of its partitions (the default layout: a quote stream's base name
     * gives every quote), decoded, in entry id order (each partition keeps its own order).
     */
    public List<MarketEvent> events(String stream) {
        return entries(stream).stream()
                .map(entry -> {
                    Map<String, String> fields = new HashMap<>();
                    entry.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
                    return StreamEntryCodec.decode(fields);
                })
                .toList();
    }

    /** Raw {@code id} field of every entry of {@code stream} and its partitions, in entry id order. */
    public List<String> ids(String stream) {
        return entries(stream).stream().map(entry -> entry.getValue().get("id").toString()).toList();
    }

    /** {@code stream} and every partition key of it in the default layout. */
    public static List<String> withPartitions(String stream) {
        List<String> keys = new ArrayList<>(Partitions.defaults().keys(stream));
        keys.addFirst(stream);
        return keys;
    }

    private List<MapRecord<String, Object, Object>> entries(String stream) {
        List<MapRecord<String, Object, Object>> all = new ArrayList<>();
        for (String key : withPartitions(stream)) {
            all.addAll(redis.opsForStream().range(key, Range.unbounded()).collectList().block());
        }
        all.sort(Comparator.comparing((MapRecord<String, Object, Object> r) -> r.getId().getTimestamp())
                .thenComparing(r -> r.getId().getSequence()));
        return all;
    }

    public List<Quote> quotes(String stream) {
        return events(stream).stream().filter(Quote.class::isInstance).map(Quote.class::cast).toList();
    }

    public List<SourceHealthChanged> health(String stream) {
        return events(stream).stream().filter(SourceHealthChanged.class::isInstance)
                .map(SourceHealthChanged.class::cast).toList();
    }
}
