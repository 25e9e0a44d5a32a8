package io.tickstream.ingest.source;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Builds each source's {@link SourceHttpClient}: its own connection settings, timeout, bounded
 * response size and {@link SourceThrottle}. JSON numbers are read as {@link java.math.BigDecimal},
 * never through a binary float.
 */
@Component
public class SourceHttpClientFactory {

    /** Largest response body read into memory (CoinGecko {@code /coins/markets} for 250 coins is ~200 KB). */
    static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

    private final WebClient.Builder builder;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final java.util.Map<String, SourceThrottle> throttles = new java.util.concurrent.ConcurrentHashMap<>();

    public SourceHttpClientFactory(WebClient.Builder builder, MeterRegistry meters, Clock clock) {
        this.builder = builder;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * A client for {@code source} with the given default headers and an observer of every response's
     * headers, which may pause the source's throttle (Binance's used-weight header does).
     */
    public SourceHttpClient create(String source, SourceProperties properties, Map<String, String> headers,
            BiConsumer<HttpHeaders, SourceThrottle> headerObserver) {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.timeout().toMillis())
                .responseTimeout(properties.timeout());
        WebClient webClient = builder.clone()
                .baseUrl(properties.baseUrl())
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES))
                .defaultHeaders(h -> headers.forEach(h::add))
                .defaultHeader(HttpHeaders.USER_AGENT, "tickstream-ingest/0.1")
                .build();
        SourceProperties.Budget budget = properties.budget();
        // one budget per source: every client of a source (its poll, its feed's gap fills) draws on one throttle
        SourceThrottle throttle = throttles.computeIfAbsent(source,
                name -> new SourceThrottle(name, budget.requests(), budget.period(), clock));
        return new SourceHttpClient(source, webClient, throttle, properties.timeout(),
                properties.retry().defaultRetryAfter(), json, clock, meters, headerObserver);
    }

    /** A client without extra headers. */
    public SourceHttpClient create(String source, SourceProperties properties) {
        return create(source, properties, Map.of(), (headers, throttle) -> { });
    }
}
