package io.tickstream.streams;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.Quote;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.streams.connection.RedisConnections;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** A Redis server for a test: the layer's connections on it, and a plain client to arrange and assert with. */
public final class StreamsFixtures implements AutoCloseable {

    public final RedisConnections connections;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    public StreamsFixtures(String uri) {
        connections = RedisConnections.standalone(RedisURI.create(uri));
        client = RedisClient.create(uri);
        connection = client.connect();
    }

    public RedisCommands<String, String> redis() {
        return connection.sync();
    }

    /** Appends {@code n} quotes of BTC (prices {@code from}, {@code from + 1}...); returns their ids. */
    public List<String> append(String stream, int from, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            ids.add(redis().xadd(stream, StreamEntryCodec.encode(quote(i))));
        }
        return ids;
    }

    public static Quote quote(int i) {
        long time = 1_700_000_000_000L + i;
        EventMeta meta = EventMeta.of("quote:test:BTC:USD:" + time, "test", time, time,
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        return new Quote(meta, "BTC", "USD", BigDecimal.valueOf(100 + i), null, null, null, null, null, false, null);
    }

    @Override
    public void close() {
        connections.close();
        connection.close();
        client.shutdown();
    }
}
