package io.tickstream.query;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.testkit.TestRedis;

import java.util.ArrayList;
import java.util.List;

/**
 * Appends test events (through the {@code common} codec) to a test's own streams and removes that
 * test's keys afterwards (never FLUSHALL).
 */
public final class TestStreams implements AutoCloseable {

    private final RedisClient client = RedisClient.create(RedisURI.create(TestRedis.endpoint().redisUri()));
    private final StatefulRedisConnection<String, String> connection = client.connect();
    private final QueryTestSettings settings;

    public TestStreams(QueryTestSettings settings) {
        this.settings = settings;
    }

    public String append(MarketEvent event) {
        return redis().xadd(streamOf(event), StreamEntryCodec.encode(event));
    }

    public RedisCommands<String, String> redis() {
        return connection.sync();
    }

    private String streamOf(MarketEvent event) {
        return switch (event.type()) {
            case QUOTE -> settings.marketData;
            case MARKET_SUMMARY -> settings.dashboard;
            case SOURCE_HEALTH -> settings.health;
            case TRADE, BAR -> throw new IllegalArgumentException("these test streams hold no trades or bars");
        };
    }

    /** Deletes the test's streams and every key under its prefixes. */
    @Override
    public void close() {
        List<String> keys = new ArrayList<>(List.of(settings.marketData, settings.dashboard, settings.health, settings.control));
        keys.addAll(redis().keys(settings.statePrefix + "*"));
        keys.addAll(redis().keys(settings.cachePrefix + "*"));
        redis().del(keys.toArray(String[]::new));
        connection.close();
        client.shutdown();
    }
}
