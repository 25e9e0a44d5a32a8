package io.tickstream.gateway.fallback;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.Quote;
import io.tickstream.common.stream.EventDecodeException;
import io.tickstream.common.stream.Partitions;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.common.symbol.Symbols;
import io.tickstream.gateway.problem.ProblemResponses;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code /api/**} answers while market-query-service is down: quote reads
 * ({@code GET /api/v1/quotes} and {@code GET /api/v1/quotes/{symbol}}) get the last known quotes from
 * the partitions of the {@code crypto:market_data} stream in Redis (one symbol: its partition only), in the
 * query service's shape (as far as a stream entry fills it), marked {@code "stale": true} and with the
 * header {@code X-Tickstream-Stale: true}; every other read gets a 503 {@code application/problem+json}.
 * Reads the newest {@value #SCAN} entries of each partition at most.
 */
@Component
public class StaleQuoteFallback {

    static final int SCAN = 2_000;
    private static final Pattern ONE_QUOTE = Pattern.compile("^/api/v1/quotes/([A-Za-z0-9]{1,15})/?$");
    private static final Pattern ALL_QUOTES = Pattern.compile("^/api/v1/quotes/?$");

    private final ReactiveStringRedisTemplate redis;
    private final String stream;
    private final Partitions partitions;
    private final JsonMapper json = JsonMapper.builder().build();

    public StaleQuoteFallback(ReactiveStringRedisTemplate redis, FallbackProperties properties, Partitions partitions) {
        this.redis = redis;
        this.stream = properties.marketDataStream();
        this.partitions = partitions;
    }

    /** The answer to {@code exchange} while its upstream failed with {@code cause}. */
    public Mono<Void> answer(ServerWebExchange exchange, Throwable cause) {
        String path = exchange.getRequest().getPath().value();
        if (exchange.getRequest().getMethod() == HttpMethod.GET) {
            Matcher one = ONE_QUOTE.matcher(path);
            if (one.matches()) {
                String symbol = Symbols.canonical(one.group(1));
                return staleOrUnavailable(exchange, cause, latest(List.of(partitions.keyFor(stream, symbol)))
                        .filter(q -> q.symbol().equals(symbol)).next().map(StaleQuoteFallback::view));
            }
            if (ALL_QUOTES.matcher(path).matches()) {
                return staleOrUnavailable(exchange, cause, latest(partitions.keys(stream)).map(StaleQuoteFallback::view).collectList()
                        .filter(views -> !views.isEmpty()));
            }
        }
        return unavailable(exchange, cause);
    }

    /**
     * Writes the stale answer, or the 503 when there is none or Redis cannot give it. The choice is made
     * before anything is written: a written answer completes empty, and must not read as "none".
     */
    private Mono<Void> staleOrUnavailable(ServerWebExchange exchange, Throwable cause, Mono<?> stale) {
        return stale.<Optional<Object>>map(Optional::of)
                .onErrorResume(e -> Mono.empty())
                .defaultIfEmpty(Optional.empty())
                .flatMap(found -> found.isPresent() ? write(exchange, found.get()) : unavailable(exchange, cause));
    }

    /**
     * The newest quote of each symbol of {@code streams} (partitions of the quote stream): consensus where
     * there is one, else the newest of any source.
     */
    private Flux<Quote> latest(List<String> streams) {
        return Flux.fromIterable(streams)
                .concatMap(partition -> redis.opsForStream().reverseRange(partition, Range.unbounded(), Limit.limit().count(SCAN)))
                .flatMapIterable(entry -> {
                    Map<String, String> fields = new LinkedHashMap<>();
                    entry.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
                    try {
                        MarketEvent event = StreamEntryCodec.decode(fields);
                        return event instanceof Quote quote ? List.of(quote) : List.<Quote>of();
                    } catch (EventDecodeException e) {
                        return List.<Quote>of();
                    }
                })
                .collectList()
                .flatMapMany(quotes -> {
                    Map<String, Quote> best = new LinkedHashMap<>();
                    for (Quote quote : quotes) {
                        Quote known = best.get(quote.symbol());
                        boolean consensus = Quote.CONSENSUS_SOURCE.equals(quote.meta().source());
                        if (known == null || (consensus && !Quote.CONSENSUS_SOURCE.equals(known.meta().source()))) {
                            best.put(quote.symbol(), quote);
                        }
                    }
                    return Flux.fromIterable(best.values());
                });
    }

    /** The query service's quote shape, as far as one stream entry fills it. */
    private static Map<String, Object> view(Quote quote) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("symbol", quote.symbol());
        view.put("quote", quote.quote());
        view.put("price", quote.price().toPlainString());
        view.put("priceSource", quote.meta().source());
        view.put("sources", List.of());
        view.put("change24hPct", quote.change24hPct() == null ? null : quote.change24hPct().toPlainString());
        view.put("sourceTime", java.time.Instant.ofEpochMilli(quote.meta().sourceTime()).toString());
        view.put("stale", true);
        view.put("servedBy", "gateway-fallback");
        return view;
    }

    private Mono<Void> write(ServerWebExchange exchange, Object body) {
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.OK);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().set("X-Tickstream-Stale", "true");
        response.getHeaders().setCacheControl("no-store");
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    private static Mono<Void> unavailable(ServerWebExchange exchange, Throwable cause) {
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
        String reason = cause instanceof CallNotPermittedException ? "its circuit breaker is open"
                : cause instanceof java.util.concurrent.TimeoutException ? cause.getMessage()
                : "it cannot be reached";
        return ProblemResponses.write(exchange, HttpStatus.SERVICE_UNAVAILABLE,
                "the upstream service is unavailable (" + reason + ")");
    }
}
