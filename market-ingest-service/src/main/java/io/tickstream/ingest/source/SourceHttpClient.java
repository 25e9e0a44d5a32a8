package io.tickstream.ingest.source;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.util.UriBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * HTTP calls to one source: takes a token from the source's {@link SourceThrottle} before each call,
 * bounds it by the source's timeout, turns 429/418 into {@link SourceCallException.RateLimited} (and a
 * pause honouring {@code Retry-After}), 5xx and timeouts into {@link SourceCallException.Retryable},
 * other 4xx into {@link SourceCallException.Rejected}, and a body that is not JSON into
 * {@link SourceCallException.Malformed}. Counts requests by outcome and times them.
 */
public final class SourceHttpClient {

    private final String source;
    private final WebClient webClient;
    private final SourceThrottle throttle;
    private final Duration timeout;
    private final Duration defaultRetryAfter;
    private final ObjectMapper json;
    private final Clock clock;
    private final MeterRegistry meters;
    private final BiConsumer<HttpHeaders, SourceThrottle> headerObserver;

    SourceHttpClient(String source, WebClient webClient, SourceThrottle throttle, Duration timeout,
            Duration defaultRetryAfter, ObjectMapper json, Clock clock, MeterRegistry meters,
            BiConsumer<HttpHeaders, SourceThrottle> headerObserver) {
        this.source = source;
        this.webClient = webClient;
        this.throttle = throttle;
        this.timeout = timeout;
        this.defaultRetryAfter = defaultRetryAfter;
        this.json = json;
        this.clock = clock;
        this.meters = meters;
        this.headerObserver = headerObserver;
    }

    /** GETs {@code uri} (relative to the base URL) and parses the JSON answer. */
    public Mono<JsonNode> getJson(Function<UriBuilder, URI> uri) {
        return Mono.defer(() -> {
            throttle.acquire();
            Timer.Sample sample = Timer.start(meters);
            return webClient.get().uri(uri).exchangeToMono(this::read)
                    .timeout(timeout)
                    .onErrorMap(TimeoutException.class,
                            e -> new SourceCallException.Retryable("timeout after " + timeout.toMillis() + " ms", e))
                    .onErrorMap(WebClientRequestException.class,
                            e -> new SourceCallException.Retryable("request failed: " + e.getMostSpecificCause().getMessage(), e))
                    .doOnEach(signal -> {
                        if (signal.isOnNext() || signal.isOnError()) {
                            sample.stop(meters.timer("tickstream.ingest.source.latency", "source", source));
                        }
                    })
                    .doOnError(e -> countFailure(e));
        });
    }

    /** The source's throttle, shared with the poller. */
    public SourceThrottle throttle() {
        return throttle;
    }

    private Mono<JsonNode> read(ClientResponse response) {
        HttpStatusCode status = response.statusCode();
        headerObserver.accept(response.headers().asHttpHeaders(), throttle);
        count(Integer.toString(status.value()));
        if (status.value() == 429 || status.value() == 418) {
            Duration wait = RetryAfter.parse(response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER),
                    clock).orElse(defaultRetryAfter);
            throttle.pauseUntil(clock.instant().plus(wait), "HTTP " + status.value());
            meters.counter("tickstream.ingest.source.rate_limited", "source", source, "status",
                    Integer.toString(status.value())).increment();
            return response.releaseBody().then(Mono.error(new SourceCallException.RateLimited(status.value(), wait,
                    source + " answered HTTP " + status.value() + ", retry after " + wait.toSeconds() + " s")));
        }
        if (status.is5xxServerError()) {
            return response.releaseBody().then(Mono.error(new SourceCallException.Retryable("HTTP " + status.value())));
        }
        return response.bodyToMono(String.class).defaultIfEmpty("").flatMap(body -> status.is2xxSuccessful()
                ? parse(body)
                : Mono.error(new SourceCallException.Rejected(status.value(), body)));
    }

    private Mono<JsonNode> parse(String body) {
        try {
            return Mono.just(json.readTree(body));
        } catch (JacksonException e) {
            return Mono.error(new SourceCallException.Malformed("malformed JSON: " + e.getOriginalMessage(), e));
        }
    }

    private void count(String outcome) {
        meters.counter("tickstream.ingest.source.requests", "source", source, "outcome", outcome).increment();
    }

    private void countFailure(Throwable e) {
        if (e instanceof SourceCallException.Retryable && e.getMessage().startsWith("timeout")) {
            count("timeout");
        } else if (e instanceof SourceCallException.Retryable && e.getMessage().startsWith("request failed")) {
            count("connect_error");
        } else if (e instanceof SourceCallException.RateLimited limited && limited.status() == 0) {
            count("throttled");
        }
    }
}
