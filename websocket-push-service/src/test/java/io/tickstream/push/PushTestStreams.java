package io.tickstream.push;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.Trade;
import io.tickstream.common.stream.Partitions;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.common.stream.StreamKeys;
import io.tickstream.testkit.TestKeys;
import io.tickstream.testkit.TestRedis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    public final String trades = prefix + ":crypto:trades";
    public final String epochKey = prefix + ":epoch";
    /** The default layout, as deployed: quotes go to their symbol's partition. */
    public final Partitions partitions = Partitions.defaults();

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
        p.put("tickstream.push.streams.trades", trades);
        p.put("tickstream.push.streams.epoch-key", epochKey);
        p.put("tickstream.push.streams.block", "200ms");
        return p;
    }

    /** Appends an event to its stream (as configured here); returns the entry id. */
    public String append(MarketEvent event) {
        return redis().xadd(streamOf(event), StreamEntryCodec.encode(event));
    }

    /** The stream {@code event} goes to (a quote, a trade: its symbol's partition). */
    public String streamOf(MarketEvent event) {
        return switch (event) {
            case Quote q -> partitions.keyFor(marketData, q.symbol());
            case MarketSummary s -> dashboard;
            case Trade t -> partitions.keyFor(trades, t.symbol());
            default -> health;
        };
    }

    /** Every stream of these settings: the quote partitions, the summary and health streams, the trade partitions. */
    public List<String> all() {
        List<String> all = new ArrayList<>(StreamKeys.dataStreams(partitions, marketData, dashboard, health));
        all.addAll(partitions.keys(trades));
        return all;
    }

    /** What Redis losing its data looks like to the push service: streams and epochs gone. */
    public void loseData() {
        List<String> keys = new ArrayList<>(all());
        all().forEach(s -> keys.add(StreamKeys.inSlotOf(epochKey, s)));
        redis().del(keys.toArray(String[]::new));
    }

    public RedisCommands<String, String> redis() {
        return connection.sync();
    }

    @Override
    public void close() {
        redis().del(all().toArray(String[]::new));
        // the service under test may outlive this (cached test contexts close at JVM exit) and would
        // recreate a deleted epoch key; an expiry removes it after the run instead
        all().forEach(s -> redis().expire(StreamKeys.inSlotOf(epochKey, s), 600));
        connection.close();
        client.shutdown();
    }
}
