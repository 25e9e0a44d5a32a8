package io.tickstream.ingest.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.common.event.Decimals;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.stream.StreamEntryCodec;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Appends events to their streams through the codec, atomically with a duplicate check: an event
 * whose series (source, symbol, quote currency) already has an entry at the same or a later source
 * time is not appended again (see {@code scripts/append-if-newer.lua}). Every XADD carries the
 * {@code MAXLEN ~} memory guard. Concurrent calls share one pipelined connection.
 */
@Component
public class StreamPublisher {

    private static final RedisScript<String> APPEND_IF_NEWER =
            RedisScript.of(new ClassPathResource("scripts/append-if-newer.lua"), String.class);

    private final ReactiveStringRedisTemplate redis;
    private final PublishProperties properties;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public StreamPublisher(ReactiveStringRedisTemplate redis, PublishProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.properties = properties;
        this.meters = meters;
    }

    /** Appends {@code event}; the new entry id, or empty when it is a duplicate. */
    public Mono<String> publish(MarketEvent event) {
        String stream = properties.streamFor(event.stream());
        Map<String, String> fields = StreamEntryCodec.encode(event);
        List<String> args = new ArrayList<>(4 + fields.size() * 2);
        args.add(series(event));
        args.add(Long.toString(event.meta().sourceTime()));
        args.add(event instanceof Quote q ? Decimals.toWire(q.price()) : "");
        args.add(Long.toString(properties.maxLength()));
        fields.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        return redis.execute(APPEND_IF_NEWER, List.of(stream, PublishProperties.lastSeenKey(stream)), args)
                .next()
                .doOnNext(id -> counter("tickstream.ingest.published", stream).increment())
                .switchIfEmpty(Mono.fromRunnable(() -> counter("tickstream.ingest.duplicates", stream).increment()));
    }

    /** The series of an event: its idempotency key without the source time. */
    static String series(MarketEvent event) {
        String source = event.meta().source();
        return switch (event) {
            case Quote q -> "quote:" + source + ":" + q.symbol() + ":" + q.quote();
            case MarketSummary s -> "summary:" + source;
            case SourceHealthChanged h -> "health:" + source;
        };
    }

    private Counter counter(String name, String stream) {
        return counters.computeIfAbsent(name + stream, k -> meters.counter(name, "stream", stream));
    }
}
