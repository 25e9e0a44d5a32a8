package io.tickstream.ingest.consensus;

import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.Quote;
import io.tickstream.ingest.publish.PublishProperties;
import io.tickstream.ingest.publish.StreamPublisher;
import io.tickstream.common.stream.Partitions;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * After a source's quotes are appended, appends a {@code source=consensus} quote per updated symbol:
 * the median across sources (whichever instance polls them: the board lives in Redis, one per partition of
 * the quote stream, which holds every series of the partition's symbols). The
 * consensus goes through the same duplicate check, so recomputing without news appends nothing.
 */
@Component
public class ConsensusPublisher {

    private final ReactiveStringRedisTemplate redis;
    private final StreamPublisher publisher;
    private final PublishProperties streams;
    private final Partitions partitions;
    private final ConsensusProperties properties;
    private final ConsensusCalculator calculator;
    private final Clock clock;

    public ConsensusPublisher(ReactiveStringRedisTemplate redis, StreamPublisher publisher, PublishProperties streams,
            Partitions partitions, ConsensusProperties properties, Clock clock) {
        this.redis = redis;
        this.publisher = publisher;
        this.streams = streams;
        this.partitions = partitions;
        this.properties = properties;
        this.calculator = new ConsensusCalculator(properties.quoteCurrencies(), properties.freshness().toMillis());
        this.clock = clock;
    }

    /** Appends the consensus of {@code symbols}; emits how many consensus quotes were appended. */
    public Mono<Long> publishFor(Collection<String> symbols, String traceparent) {
        if (!properties.enabled() || symbols.isEmpty()) {
            return Mono.just(0L);
        }
        // every series of a symbol is on the board of the symbol's partition: one read per partition
        Map<String, List<String>> byBoard = new LinkedHashMap<>();
        for (String symbol : symbols) {
            byBoard.computeIfAbsent(PublishProperties.lastSeenKey(partitions.keyFor(streams.marketDataStream(), symbol)),
                    k -> new ArrayList<>()).add(symbol);
        }
        return Flux.fromIterable(byBoard.entrySet())
                .concatMap(board -> redis.<String, String>opsForHash().entries(board.getKey())
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                        .map(entries -> {
                            long now = clock.millis();
                            return calculator.computeAll(board.getValue(), entries, now).values().stream()
                                    .map(price -> toQuote(price, now, traceparent)).toList();
                        }))
                .collectList()
                .flatMapMany(perBoard -> publisher.publishAll(perBoard.stream().flatMap(List::stream).toList()))
                .count();
    }

    private Quote toQuote(ConsensusCalculator.ConsensusPrice price, long now, String traceparent) {
        String source = Quote.CONSENSUS_SOURCE;
        EventMeta meta = EventMeta.of(Quote.idempotencyKey(source, price.symbol(), properties.publishAs(), price.sourceTime()),
                source, price.sourceTime(), now, traceparent);
        return new Quote(meta, price.symbol(), properties.publishAs(), price.median(), null, null, null, null, null,
                false, new Quote.Consensus(price.sources(), price.low(), price.high()));
    }
}
