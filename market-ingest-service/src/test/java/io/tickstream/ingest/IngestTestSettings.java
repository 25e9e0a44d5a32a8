package io.tickstream.ingest;

import io.tickstream.ingest.fake.FakeMarketApis;
import io.tickstream.ingest.publish.PublishProperties;
import io.tickstream.testkit.TestKeys;
import io.tickstream.testkit.TestRedis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings that point a whole ingest service at the fake APIs and at streams, lease keys and a
 * control stream of its own, with quick polls, retries and breakers so failure paths show in seconds.
 */
public final class IngestTestSettings {

    public final String prefix = TestKeys.unique("it");
    public final String marketData = prefix + ":crypto:market_data";
    public final String dashboard = prefix + ":crypto:dashboard";
    public final String health = prefix + ":system:health";
    public final String control = prefix + ":control";
    public final String leasePrefix = prefix + ":lease:";
    public final String trades = prefix + ":crypto:trades";
    public final String bars = prefix + ":crypto:bars";

    /** Properties for one instance named {@code instanceId}. */
    /** The admin key the services of these tests accept in {@code X-Admin-Key}. */
    public static final String ADMIN_KEY = "ingest-test-admin-key";

    public Map<String, Object> properties(FakeMarketApis fake, String instanceId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.data.redis.host", TestRedis.endpoint().host());
        p.put("spring.data.redis.port", TestRedis.endpoint().port());
        p.put("tickstream.ingest.symbols", "BTC,ETH,SOL,NOPE");
        p.put("tickstream.ingest.instance-id", instanceId);
        p.put("tickstream.admin.api-key", ADMIN_KEY);
        p.put("tickstream.ingest.publish.market-data-stream", marketData);
        p.put("tickstream.ingest.publish.dashboard-stream", dashboard);
        p.put("tickstream.ingest.publish.health-stream", health);
        p.put("tickstream.ingest.publish.control-stream", control);
        p.put("tickstream.ingest.lease.key-prefix", leasePrefix);
        p.put("tickstream.ingest.lease.ttl", "3s");
        p.put("tickstream.ingest.lease.renew-every", "500ms");
        for (String source : FakeMarketApis.SOURCES) {
            String at = "tickstream.ingest.sources." + source + ".";
            p.put(at + "enabled", "true");
            p.put(at + "base-url", fake.baseUrl(source));
            p.put(at + "poll-interval", source.equals("feargreed") ? "10m" : "300ms");
            p.put(at + "timeout", "500ms");
            p.put(at + "budget.requests", "10000");
            p.put(at + "retry.max-attempts", "1");
            p.put(at + "retry.min-backoff", "50ms");
            p.put(at + "retry.max-backoff", "100ms");
            p.put(at + "breaker.window-size", "4");
            p.put(at + "breaker.minimum-calls", "4");
            p.put(at + "breaker.open-duration", "2s");
        }
        p.put("tickstream.ingest.sources.simulated.enabled", "false");
        p.put("tickstream.ingest.publish.trades-stream", trades);
        p.put("tickstream.ingest.publish.bars-stream", bars);
        // never the real exchanges' WebSockets from a test: the feeds have tests of their own against local fakes
        for (String feed : java.util.List.of("binance", "coinbase", "kraken")) {
            p.put("tickstream.ingest.feeds." + feed + ".enabled", "false");
        }
        // history on request only (a start-up backfill would race the tests' faults and request counts): half an
        // hour from the fake APIs' klines, candles and OHLC, to keys of this test's own
        p.put("tickstream.ingest.backfill.on-start", "false");
        p.put("tickstream.ingest.backfill.depth", "30m");
        p.put("tickstream.ingest.backfill.key-prefix", prefix + ":backfill:");
        return p;
    }

    /** Every Redis key these settings make the service write. */
    public String[] keys() {
        java.util.List<String> keys = new java.util.ArrayList<>(java.util.List.of(dashboard, health, control,
                PublishProperties.lastSeenKey(dashboard), PublishProperties.lastSeenKey(health)));
        for (String base : java.util.List.of(marketData, trades, bars)) {
            for (String partition : StreamReader.withPartitions(base)) {
                keys.add(partition);
                keys.add(PublishProperties.lastSeenKey(partition));
            }
        }
        for (String source : FakeMarketApis.SOURCES) {
            keys.add(prefix + ":backfill:" + source);
        }
        return keys.toArray(String[]::new);
    }
}
