package io.tickstream.streams.group;

import io.tickstream.streams.StreamEntry;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * What a service does with a batch of entries its {@link GroupConsumer} was given. The returned Mono
 * completes once the work is durable; only then does the consumer acknowledge what the
 * {@link BatchOutcome} says is done. An error signal acknowledges nothing: the consumer backs off and
 * the same entries come again.
 */
@FunctionalInterface
public interface BatchHandler {

    /**
     * @param stream  the stream the entries come from
     * @param entries one or more entries in stream order, never a deleted one (those are acknowledged and
     *                counted as lost by the consumer)
     */
    Mono<BatchOutcome> handle(String stream, List<StreamEntry> entries);

    /**
     * The {@code kind} tag of the error meter for a failed handler call that was not a Redis error (the
     * consumer tags those {@code redis}); default {@code handler}.
     */
    default String errorKind(Throwable error) {
        return "handler";
    }
}
