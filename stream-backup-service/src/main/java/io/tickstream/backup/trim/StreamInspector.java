package io.tickstream.backup.trim;

import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.tickstream.streams.RedisErrors;
import io.tickstream.streams.connection.RedisConnections;
import reactor.core.publisher.Mono;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a stream's {@link StreamState} for the backup group; empty when the stream or group is missing. */
final class StreamInspector {

    private final RedisConnections redis;
    private final String group;

    StreamInspector(RedisConnections redis, String group) {
        this.redis = redis;
        this.group = group;
    }

    Mono<StreamState> inspect(String stream) {
        return redis.shared().flatMap(c -> Mono.zip(
                        c.xinfoStream(stream).collectList().map(StreamInspector::pairs),
                        groupInfo(c, stream))
                .flatMap(info -> {
                    Map<String, Object> s = info.getT1();
                    Map<String, Object> g = info.getT2();
                    long pending = asLong(g.get("pending"), 0L);
                    Mono<String> oldest = pending == 0 ? Mono.just("")
                            : c.xpending(stream, group)
                            // acknowledged meanwhile: no lower bound any more, nothing pending to name
                            .mapNotNull(p -> p.getMessageIds().getLower().getValue()).defaultIfEmpty("");
                    return oldest.map(min -> new StreamState(stream, asLong(s.get("length"), 0L),
                            asLong(s.get("entries-added"), 0L),
                            firstEntryId(s),
                            String.valueOf(g.get("last-delivered-id")),
                            asLong(g.get("entries-read"), null), pending, asLong(g.get("lag"), null),
                            min.isEmpty() ? null : min));
                }))
                .onErrorResume(RedisErrors::isNoSuchKey, e -> Mono.empty());
    }

    private Mono<Map<String, Object>> groupInfo(RedisClusterReactiveCommands<String, String> c, String stream) {
        return c.xinfoGroups(stream)
                .map(g -> pairs((List<?>) g))
                .filter(g -> group.equals(String.valueOf(g.get("name"))))
                .next();
    }

    /** The oldest entry's id: {@code first-entry} is {@code [id, [fields...]]}, or nil when empty. */
    private static String firstEntryId(Map<String, Object> info) {
        if (asLong(info.get("length"), 0L) == 0) {
            return null;
        }
        Object first = info.get("first-entry");
        if (first instanceof List<?> entry && !entry.isEmpty()) {
            return String.valueOf(entry.getFirst());
        }
        Object recorded = info.get("recorded-first-entry-id");
        return recorded == null ? null : String.valueOf(recorded);
    }

    private static Map<String, Object> pairs(List<?> flat) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(String.valueOf(flat.get(i)), flat.get(i + 1));
        }
        return map;
    }

    private static Long asLong(Object value, Long fallback) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value != null) {
            try {
                return Long.parseLong(value.toString());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }
}
