package io.tickstream.push.channel;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * Server-to-client messages as UTF-8 JSON bytes. A channel's update is written once here and the same
 * bytes go to every subscriber. The shapes are documented in the module's README.
 */
public final class Frames {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Frames() {
    }

    /**
     * {@code {"type":"update","channel","offset","epoch","ts","traceparent","data"}}: the full object after an
     * entry; {@code traceparent} only when not null.
     */
    static byte[] update(String channel, String offset, String epoch, long ingestTime, String traceparent, JsonNode data) {
        ObjectNode frame = head("update", channel, offset, epoch);
        frame.put("ts", ingestTime);
        traceparent(frame, traceparent);
        frame.set("data", data);
        return bytes(frame);
    }

    /**
     * {@code {"type":"patch","channel","offset","prev","epoch","ts","traceparent","patch"}}: RFC 6902 ops from
     * {@code prev}'s object; {@code traceparent} only when not null.
     */
    static byte[] patch(String channel, String offset, String previous, String epoch, long ingestTime, String traceparent,
                        JsonNode ops) {
        ObjectNode frame = head("patch", channel, offset, epoch);
        frame.put("prev", previous);
        frame.put("ts", ingestTime);
        traceparent(frame, traceparent);
        frame.set("patch", ops);
        return bytes(frame);
    }

    /**
     * {@code {"type":"trade","channel","offset","prev","epoch","ts","traceparent","data"}}: one trade put on a
     * tape whose previous offset was {@code prev}; {@code data} is the trade
     * ({@link io.tickstream.common.market.TradeJson#trade}); {@code traceparent} only when not null.
     */
    static byte[] trade(String channel, String offset, String previous, String epoch, long ingestTime, String traceparent,
                        JsonNode trade) {
        ObjectNode frame = head("trade", channel, offset, epoch);
        frame.put("prev", previous);
        frame.put("ts", ingestTime);
        traceparent(frame, traceparent);
        frame.set("data", trade);
        return bytes(frame);
    }

    /** The replaced system's dashboard message: {@code {"type":"dashboard_update","data","timestamp"}}. */
    static byte[] dashboardUpdate(JsonNode data, long ingestTime) {
        ObjectNode frame = NODES.objectNode();
        frame.put("type", "dashboard_update");
        frame.set("data", data);
        frame.put("timestamp", Instant.ofEpochMilli(ingestTime).toString());
        return bytes(frame);
    }

    /** {@code {"type":"snapshot",…,"data"}}; {@code recovered} is left out when null (no {@code since} asked). */
    static byte[] snapshot(String channel, String offset, String epoch, JsonNode data, Boolean recovered) {
        ObjectNode frame = head("snapshot", channel, offset, epoch);
        if (recovered != null) {
            frame.put("recovered", recovered);
        }
        frame.set("data", data == null ? NODES.nullNode() : data);
        return bytes(frame);
    }

    /** {@code {"type":"subscribed","channel","offset","epoch","recovered":true,"replayed":n}} before replayed updates. */
    static byte[] resumed(String channel, String since, String epoch, int replayed) {
        ObjectNode frame = head("subscribed", channel, since, epoch);
        frame.put("recovered", true);
        frame.put("replayed", replayed);
        return bytes(frame);
    }

    /** {@code {"type":"unsubscribed","channel"}}. */
    public static byte[] unsubscribed(String channel) {
        ObjectNode frame = NODES.objectNode();
        frame.put("type", "unsubscribed");
        frame.put("channel", channel);
        return bytes(frame);
    }

    /** {@code {"type":"error","code","reason"}} plus {@code channel} when the error is about one. */
    public static byte[] error(String code, String reason, String channel) {
        ObjectNode frame = NODES.objectNode();
        frame.put("type", "error");
        frame.put("code", code);
        frame.put("reason", reason);
        if (channel != null) {
            frame.put("channel", channel);
        }
        return bytes(frame);
    }

    /** {@code {"type":"pong","ts"}}: the answer to {@code {"op":"ping"}}. */
    public static byte[] pong(long now) {
        ObjectNode frame = NODES.objectNode();
        frame.put("type", "pong");
        frame.put("ts", now);
        return bytes(frame);
    }

    /** The shared JSON mapper (requests are parsed with it too). */
    public static JsonMapper json() {
        return JSON;
    }

    private static ObjectNode head(String type, String channel, String offset, String epoch) {
        ObjectNode frame = NODES.objectNode();
        frame.put("type", type);
        frame.put("channel", channel);
        frame.put("offset", offset);
        frame.put("epoch", epoch);
        return frame;
    }

    private static void traceparent(ObjectNode frame, String traceparent) {
        if (traceparent != null) {
            frame.put("traceparent", traceparent);
        }
    }

    /**
     * The entry's {@code traceparent} when it is a well-formed W3C context of a sampled trace, else null:
     * a client can then find the trace of the update it got, and unsampled updates, which no trace shows,
     * cost no extra bytes.
     */
    static String sampledTraceparent(String traceparent) {
        if (traceparent == null || traceparent.length() != 55 || traceparent.charAt(2) != '-'
                || traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-') {
            return null;
        }
        int flags = Character.digit(traceparent.charAt(54), 16);
        return flags >= 0 && (flags & 1) == 1 ? traceparent : null;
    }

    private static byte[] bytes(ObjectNode frame) {
        return JSON.writeValueAsBytes(frame);
    }
}
