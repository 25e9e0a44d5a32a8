package io.tickstream.push;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.testkit.TestKeys;
import io.tickstream.testkit.TestRedis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Streams and an epoch key of one test class on the test Redis, and a writer for them (through the
 * codec, as the ingest service writes). Close it after the class: it deletes its keys.
 */
public final class PushTestStreams implements AutoCloseable {

    public final String prefix = TestKeys.unique("push-it");
    public final String marketData = prefix + ":crypto:market_data";
    public final String dashboard = prefix + ":crypto:dashboard";
    public final String health = prefix + ":system:health";
    public final String epochKey = prefix + ":epoch";

    private final RedisClient client = RedisClient.create(TestRedis.endpoint().redisUri());
    private final StatefulRedisConnection<String, String> connection = client.connect();

    /** Spring properties pointing a push service at these keys and the test Redis. */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.data.redis.host", TestRedis.endpoint().host());
        p.put("spring.data.redis.port", TestRedis.endpoint().port());
        p.put("tickstream.push.streams.market-data", marketData);
        p.put("tickstream.push.streams.dashboard", dashboard);
        p.put("tickstream.push.streams.health", health);
        p.put("tickstream.push.streams.epoch-key", epochKey);
        p.put("tickstream.push.streams.block", "200ms");
        return p;
    }

    /** Appends an event to its stream (as configured here); returns the entry id. */
    public String append(MarketEvent event) {
        String stream = switch (event.stream()) {
            case "crypto:market_data" -> marketData;
            case "crypto:dashboard" -> dashboard;
            default -> health;
        };
        return redis().xadd(stream, StreamEntryCodec.encode(event));
    }

    /** What Redis losing its data looks like to the push service: streams and epoch gone. */
    public void loseData() {
        redis().del(marketData, dashboard, health, epochKey);
    }

    public RedisCommands<String, String> redis() {
        return connection.sync();
    }

    @Override
    public void close() {
        redis().del(marketData, dashboard, health);
        // the service under test may outlive this (cached test contexts close at JVM exit) and would
        // recreate a deleted epoch key; an expiry removes it after the run instead
        redis().expire(epochKey, 600);
        connection.close();
        client.shutdown();
    }
}
