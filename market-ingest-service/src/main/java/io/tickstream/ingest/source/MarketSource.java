package io.tickstream.ingest.source;

import reactor.core.publisher.Mono;

/**
 * One public market API. An adapter makes the source's calls through its {@link SourceHttpClient}
 * (which applies the source's budget, timeouts and rate-limit answers) and maps the documented
 * response format to observations; scheduling, retries, the circuit breaker, validation and
 * publishing happen around it.
 */
public interface MarketSource {

    /** The source's name, as in configuration and in the {@code source} field, e.g. {@code binance}. */
    String name();

    /**
     * One poll of the tracked symbols. Fails with a {@link SourceCallException} for HTTP and format
     * errors; a symbol the source does not list is reported in {@link SourceSnapshot#unknownSymbols()},
     * not as a failure.
     */
    Mono<SourceSnapshot> fetch();
}
