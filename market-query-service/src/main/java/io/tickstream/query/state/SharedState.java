package io.tickstream.query.state;

import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.Trade;
import io.tickstream.common.stream.EventDecodeException;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.common.stream.StreamKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shared L2 state in Redis, written by the consumer group {@code query}, read by every instance
 * at start. Each stream has its own hashes under {@code <prefix>:{<the stream's hash tag>}} (so the write
 * script names keys of the stream's slot only, and on a Redis Cluster the state of a partition lives on
 * the partition's master): {@code :quotes} (field {@code SYMBOL|source}), {@code :summaries} and
 * {@code :health} (field: source), whose values are the events' stream fields as JSON (decoded by
 * {@link StreamEntryCodec} like any stream entry); {@code :times} keeps each series' source time so an
 * older event never replaces a newer one; {@code :position} holds the stream's last entry id written:
 * where a new instance's tail starts.
 */
@Component
class SharedState {

    private static final Logger log = LoggerFactory.getLogger(SharedState.class);
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper json;
    private final String prefix;
    private final RedisScript<Long> write = RedisScript.of(new ClassPathResource("scripts/state-write.lua"), Long.class);

    SharedState(ReactiveStringRedisTemplate redis, JsonMapper json, StreamsProperties properties) {
        this.redis = redis;
        this.json = json;
        this.prefix = properties.stateKeyPrefix();
    }

    /**
     * Writes {@code event} (entry {@code entryId} of {@code stream}); emits true when it was newer. A trade is
     * an event of its own, no latest state of a series: nothing is written and false is emitted (this service
     * reads trades from the archive, not from the streams).
     */
    Mono<Boolean> write(String stream, String entryId, MarketEvent event) {
        Series series = series(event);
        if (series == null) {
            return Mono.just(false);
        }
        String base = base(stream);
        String value = json.writeValueAsString(StreamEntryCodec.encode(event));
        return redis.execute(write, List.of(base + ":" + series.kind(), base + ":times", base + ":position"),
                        List.of(series.kind() + "|" + series.field(), Long.toString(event.meta().sourceTime()), value,
                                stream, entryId))
                .next().map(written -> written == 1L);
    }

    /**
     * The snapshot of {@code streams}: every event held for them and their positions; one stream's hashes
     * at a time (each in its own slot).
     */
    Mono<Snapshot> read(List<String> streams) {
        Mono<List<MarketEvent>> events = Flux.fromIterable(streams)
                .concatMap(stream -> Flux.just("quotes", "summaries", "health")
                        .concatMap(kind -> redis.<String, String>opsForHash().values(base(stream) + ":" + kind)))
                .concatMap(this::decode)
                .collectList();
        Mono<Map<String, String>> positions = Flux.fromIterable(streams)
                .concatMap(stream -> redis.<String, String>opsForHash().entries(base(stream) + ":position"))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        return Mono.zip(events, positions, Snapshot::new);
    }

    /** Where {@code stream}'s state lives: {@code <prefix>:{<its hash tag>}}, in the stream's own slot. */
    String base(String stream) {
        return StreamKeys.inSlotOf(prefix, stream);
    }

    private Mono<MarketEvent> decode(String value) {
        try {
            return Mono.just(StreamEntryCodec.decode(json.readValue(value, FIELDS)));
        } catch (EventDecodeException | tools.jackson.core.JacksonException e) {
            log.warn("skipping an unreadable state value: {}", e.getMessage());
            return Mono.empty();
        }
    }

    /** The hash ({@code kind}) and field of an event's series in the state. */
    record Series(String kind, String field) {
    }

    /** Where {@code event}'s series is held; null for a trade or a bar, which have no latest state. */
    static Series series(MarketEvent event) {
        return switch (event) {
            case Quote q -> new Series("quotes", q.symbol() + "|" + q.meta().source());
            case MarketSummary s -> new Series("summaries", s.meta().source());
            case SourceHealthChanged h -> new Series("health", h.meta().source());
            case Trade t -> null;
            case io.tickstream.common.event.Bar b -> null;
        };
    }

    /**
     * @param events    the latest event of every series
     * @param positions per stream key, the last entry id the group wrote
     */
    record Snapshot(List<MarketEvent> events, Map<String, String> positions) {
        Snapshot {
            events = new ArrayList<>(events);
        }
    }
}
