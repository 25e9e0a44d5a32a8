package io.tickstream.common.market;

import io.tickstream.common.event.SourceHealthChanged;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * THE JSON of source health (WebSocket channel {@code health}): the latest transition of every source,
 * in source name order:
 * <pre>
 * {"sources":{"binance":{"state":"rate_limited","previous":"up","reason":"HTTP 429","retryAfterMs":60000,"at":1763800000000}}}
 * </pre>
 * {@code retryAfterMs} only when the source asked us to wait; {@code at} is the transition's source time
 * (epoch ms).
 */
public final class HealthJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private HealthJson() {
    }

    /** The health of {@code projection}, or null when it holds no transition. */
    public static ObjectNode health(MarketProjection projection) {
        return health(projection.health());
    }

    /** The health view of {@code latest} (the latest transition per source), or null when it is empty. */
    public static ObjectNode health(Map<String, SourceHealthChanged> latest) {
        if (latest.isEmpty()) {
            return null;
        }
        ObjectNode node = JSON.objectNode();
        ObjectNode sources = node.putObject("sources");
        new TreeMap<>(latest).forEach((source, h) -> sources.set(source, transition(h)));
        return node;
    }

    /** One source's transition object. */
    public static ObjectNode transition(SourceHealthChanged h) {
        ObjectNode node = JSON.objectNode();
        node.put("state", h.state().wireName());
        node.put("previous", h.previous().wireName());
        node.put("reason", h.reason());
        if (h.retryAfterMs() != null) {
            node.put("retryAfterMs", h.retryAfterMs());
        }
        node.put("at", h.meta().sourceTime());
        return node;
    }
}
