package io.tickstream.e2e.faults.redis;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches one service's view of Redis from outside, as a monitoring system would: its {@code /actuator/health}
 * on the management port every 250 ms (each call bounded by 20 s), remembering when its {@code redis} component
 * was first seen not UP after {@link #since} (the service noticed) and when it was UP again after that (it
 * recovered). The instant recorded is when the answer arrived.
 */
final class RedisHealthWatch implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final SuiteNode service;
    private final long since;
    private final AtomicLong noticedAt = new AtomicLong();
    private final AtomicLong recoveredAt = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private RedisHealthWatch(SuiteNode service, long since) {
        this.service = service;
        this.since = since;
        this.thread = Thread.ofVirtual().name("health-" + service.logName).start(this::loop);
    }

    /** One watch per service, from now. */
    static List<RedisHealthWatch> of(List<SuiteNode> services) {
        long now = System.currentTimeMillis();
        return services.stream().map(s -> new RedisHealthWatch(s, now)).toList();
    }

    private void loop() {
        while (running) {
            Boolean up = redisUp();
            long now = System.currentTimeMillis();
            if (up != null && !up && noticedAt.get() == 0) {
                noticedAt.set(now);
            } else if (up != null && up && noticedAt.get() != 0 && recoveredAt.get() == 0) {
                recoveredAt.set(now);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** True when the redis component is UP, false when it is not, null when health did not answer. */
    private Boolean redisUp() {
        try {
            HttpResponse<String> response = SuiteNode.HTTP.send(HttpRequest.newBuilder(
                            URI.create(service.managementUrl() + "/actuator/health")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode health = JSON.readTree(response.body());
            JsonNode redis = health.path("components").path("redis");
            return "UP".equals((redis.isMissingNode() ? health : redis).path("status").asString(""));
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Milliseconds from {@code from} until the service was seen to notice; -1 while it has not. */
    long noticedAfter(long from) {
        long at = noticedAt.get();
        return at == 0 ? -1 : at - from;
    }

    /** Milliseconds from {@code from} until it was seen UP again after noticing; -1 while it has not. */
    long recoveredAfter(long from) {
        long at = recoveredAt.get();
        return at == 0 ? -1 : at - from;
    }

    boolean noticed() {
        return noticedAt.get() != 0;
    }

    boolean recovered() {
        return recoveredAt.get() != 0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
