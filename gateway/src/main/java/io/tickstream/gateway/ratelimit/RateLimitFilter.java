package io.tickstream.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstream.gateway.apikey.ApiKeyProperties;
import io.tickstream.gateway.apikey.ApiKeys;
import io.tickstream.gateway.problem.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rate limit of a route. A request with an API key ({@code X-API-Key}) must carry a key the gateway issued
 * ({@link ApiKeys}): an unknown one gets 401; a known one draws from its own bucket ({@code key:<id>}) at its
 * plan's rate and burst. A request without a key draws from its address's bucket at the anonymous limits.
 * Every answer carries {@code X-RateLimit-Limit},
 * {@code X-RateLimit-Remaining} and {@code X-RateLimit-Replenish-Rate}; a refused request gets 429
 * with {@code Retry-After} (whole seconds) as {@code application/problem+json}. When Redis cannot be
 * asked, the configured {@link RateLimitProperties.WhenRedisDown} policy applies. A client the bucket
 * has just refused is refused again here, without asking Redis, for as long as the bucket could only say
 * no ({@link RecentRefusals}, at most {@value #REMEMBERED_REFUSALS} clients). With
 * {@code prefetch} above 1, tokens taken ahead from a client's bucket are spent here without asking
 * Redis ({@link PrefetchedTokens}).
 */
@Component
public class RateLimitFilter implements GatewayFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
    private static final long LOG_EVERY_MS = 10_000;
    static final int REMEMBERED_REFUSALS = 10_000;

    private final RateLimitProperties properties;
    private final ClientKeyResolver clients;
    private final RedisTokenBucket buckets;
    private final MeterRegistry meters;
    private final Counter refused;
    private final AtomicLong lastWarning = new AtomicLong();
    private final RecentRefusals refusals = new RecentRefusals(REMEMBERED_REFUSALS);
    private final PrefetchedTokens prefetched;
    private final ApiKeys keys;
    private final Counter unknownKeys;
    private final RedisTokenBucket.Limit anonymous;
    private final Map<ApiKeyProperties.Plan, RedisTokenBucket.Limit> planLimits = new ConcurrentHashMap<>();

    public RateLimitFilter(RateLimitProperties properties, ReactiveStringRedisTemplate redis, MeterRegistry meters, ApiKeys keys) {
        this.properties = properties;
        this.clients = new ClientKeyResolver(properties);
        this.buckets = new RedisTokenBucket(redis, properties);
        this.anonymous = buckets.limit(properties.replenishRate(), properties.burstCapacity());
        this.keys = keys;
        this.meters = meters;
        this.refused = meters.counter("tickstream.gateway.ratelimit.refused");
        this.unknownKeys = meters.counter("tickstream.gateway.apikey.unknown");
        this.prefetched = properties.prefetch() > 1
                ? new PrefetchedTokens(REMEMBERED_REFUSALS, properties.prefetchFor().toNanos()) : null;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String apiKey = clients.apiKey(exchange);
        if (apiKey == null) {
            return properties.enabled() ? limit(exchange, chain, clients.resolve(exchange), anonymous) : chain.filter(exchange);
        }
        ApiKeys.Lookup known = keys.cached(apiKey);
        if (known != null) {
            return withKey(known, exchange, chain);
        }
        // the lookup's errors are handled apart from the rest of the chain's, which must pass through
        return backOnTheRequestLoop(exchange, keys.find(apiKey)
                .map(Optional::of)
                .onErrorResume(e -> {
                    noteUnavailable(e);
                    return Mono.just(Optional.empty());
                }))
                .flatMap(lookup -> lookup.isPresent() ? withKey(lookup.get(), exchange, chain) : unavailable(exchange, chain));
    }

    /** A request with an API key: refused when the key is not one of ours, else limited by its plan in its own bucket. */
    private Mono<Void> withKey(ApiKeys.Lookup lookup, ServerWebExchange exchange, GatewayFilterChain chain) {
        return switch (lookup) {
            case ApiKeys.Lookup.Unknown unknown -> {
                unknownKeys.increment();
                yield ProblemResponses.write(exchange, HttpStatus.UNAUTHORIZED,
                        "unknown API key; send a key the operator issued, or none (anonymous limits)");
            }
            case ApiKeys.Lookup.Known key -> properties.enabled()
                    ? limit(exchange, chain, "key:" + key.key().id(), limitOf(key.plan()))
                    : chain.filter(exchange);
        };
    }

    private RedisTokenBucket.Limit limitOf(ApiKeyProperties.Plan plan) {
        return plan == null ? anonymous
                : planLimits.computeIfAbsent(plan, p -> buckets.limit(p.replenishRate(), p.burstCapacity()));
    }

    /** One request of {@code client} against its bucket of {@code limit}. */
    private Mono<Void> limit(ServerWebExchange exchange, GatewayFilterChain chain, String client, RedisTokenBucket.Limit limit) {
        long sentAt = System.nanoTime();
        long refusedFor = refusals.refusedFor(client, sentAt);
        if (refusedFor > 0) {
            return refuse(exchange, limit, 0, TimeUnit.NANOSECONDS.toMillis(refusedFor) + 1);
        }
        if (prefetched != null) {
            long left = prefetched.spend(client, sentAt);
            if (left >= 0) {
                setLimitHeaders(exchange, limit, left);
                return chain.filter(exchange);
            }
        }
        // the bucket's errors are handled apart from the rest of the chain's, which must pass through
        return backOnTheRequestLoop(exchange, buckets.take(client, limit)
                .map(Optional::of)
                .onErrorResume(e -> {
                    noteUnavailable(e);
                    return Mono.just(Optional.empty());
                }))
                .flatMap(decision -> decision.isPresent()
                        ? apply(decision.get(), client, limit, sentAt, exchange, chain)
                        : unavailable(exchange, chain));
    }

    /**
     * Redis answers on Lettuce's single event-loop thread; left there, the rest of every rate-limited
     * request (routing, header filters, the upstream call) would run on that one thread for all clients
     * and cap the gateway at one core. The answer is handed back to the event loop of the client's
     * connection (Reactor Netty's request is that connection, as Spring's own request ids assume).
     */
    private static <T> Mono<T> backOnTheRequestLoop(ServerWebExchange exchange, Mono<T> answer) {
        return ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()) instanceof Connection connection
                ? answer.publishOn(Schedulers.fromExecutor(connection.channel().eventLoop()))
                : answer;
    }

    private Mono<Void> apply(RedisTokenBucket.Decision decision, String client, RedisTokenBucket.Limit limit, long sentAt,
            ServerWebExchange exchange, GatewayFilterChain chain) {
        if (decision.allowed()) {
            int spare = decision.taken() - 1;
            if (spare > 0 && prefetched != null) {
                prefetched.keep(client, spare, decision.remaining(), System.nanoTime());
            }
            setLimitHeaders(exchange, limit, decision.remaining() + Math.max(0, spare));
            return chain.filter(exchange);
        }
        refusals.refused(client, decision.waitMs(), sentAt, System.nanoTime());
        return refuse(exchange, limit, decision.remaining(), decision.waitMs());
    }

    private static void setLimitHeaders(ServerWebExchange exchange, RedisTokenBucket.Limit limit, long remaining) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set("X-RateLimit-Limit", Integer.toString(limit.burstCapacity()));
        headers.set("X-RateLimit-Remaining", Long.toString(remaining));
        headers.set("X-RateLimit-Replenish-Rate", Integer.toString(limit.replenishRate()));
    }

    private Mono<Void> refuse(ServerWebExchange exchange, RedisTokenBucket.Limit limit, long remaining, long waitMs) {
        setLimitHeaders(exchange, limit, remaining);
        refused.increment();
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (waitMs + 999) / 1000)));
        return ProblemResponses.write(exchange, HttpStatus.TOO_MANY_REQUESTS,
                "rate limit of " + limit.replenishRate() + " requests/s (burst " + limit.burstCapacity()
                        + ") reached; retry after the Retry-After header");
    }

    private void noteUnavailable(Throwable error) {
        meters.counter("tickstream.gateway.ratelimit.unavailable", "policy",
                properties.whenRedisDown().name().toLowerCase()).increment();
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last > LOG_EVERY_MS && lastWarning.compareAndSet(last, now)) {
            log.warn("rate limiter cannot reach Redis ({}); requests are {} until it answers", error.toString(),
                    properties.whenRedisDown() == RateLimitProperties.WhenRedisDown.ALLOW ? "allowed" : "denied");
        }
    }

    private Mono<Void> unavailable(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (properties.whenRedisDown() == RateLimitProperties.WhenRedisDown.ALLOW) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return ProblemResponses.write(exchange, HttpStatus.SERVICE_UNAVAILABLE,
                "the rate limiter is unavailable; retry shortly");
    }
}
