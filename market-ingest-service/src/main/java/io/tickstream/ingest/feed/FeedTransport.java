package io.tickstream.ingest.feed;

import reactor.core.publisher.Flux;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Opens one feed connection: sends {@code subscriptions} once it is open and emits every text frame until the
 * connection ends (completes when the venue closes it, errors when it fails). Cancelling closes it.
 */
public interface FeedTransport {

    Flux<String> open(URI uri, List<String> subscriptions, Duration connectTimeout);
}
