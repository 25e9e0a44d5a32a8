package io.tickstream.push.sse;

import io.tickstream.push.channel.ChannelNames;
import io.tickstream.push.channel.Frames;
import io.tickstream.push.channel.Offsets;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The query of {@code GET /sse} as the protocol's {@code subscribe} request.
 * <ul>
 *   <li>{@code channels} (required): comma-separated; each {@code <channel>} or, to resume that channel
 *       exactly, {@code <channel>@<offset>@<epoch>} (the last {@code offset} and {@code epoch} seen on it)</li>
 *   <li>{@code since} and {@code epoch}: the position for every channel without its own; the standard
 *       {@code Last-Event-ID} header (sent by a browser's {@code EventSource} when it reconnects) wins
 *       over {@code since}. A position without the epoch it belongs to is answered with a
 *       {@code snapshot}, {@code recovered:false}: never a gap, never an update twice</li>
 *   <li>{@code delta=json-patch} and {@code maxRate}: as on the WebSocket</li>
 * </ul>
 */
record SseRequest(String subscribeJson, int channelCount) {

    /** A malformed query, answered with a 400 problem. */
    static final class BadQuery extends RuntimeException {
        BadQuery(String message) {
            super(message);
        }
    }

    static SseRequest parse(String channels, String since, String epoch, String lastEventId, String delta, String maxRate,
                            int maxSubscriptions, int maxRateLimit) {
        if (channels == null || channels.isBlank()) {
            throw new BadQuery("'channels' is required, e.g. channels=ticker:BTC,dashboard");
        }
        String position = lastEventId != null && !lastEventId.isBlank() ? lastEventId.trim() : since;
        if (position != null && !Offsets.isValid(position)) {
            throw new BadQuery("'since' (or Last-Event-ID) must be an offset such as 1763800000000-0");
        }
        List<String> items = List.of(channels.split(","));
        if (items.size() > maxSubscriptions) {
            throw new BadQuery("at most " + maxSubscriptions + " channels per stream");
        }
        ObjectNode request = Frames.json().createObjectNode();
        request.put("op", "subscribe");
        ArrayNode list = request.putArray("channels");
        for (String item : items) {
            list.add(channel(item.trim(), position, epoch));
        }
        if (delta != null) {
            if (!delta.equals("json-patch")) {
                throw new BadQuery("'delta' must be json-patch");
            }
            request.put("delta", delta);
        }
        if (maxRate != null) {
            request.put("maxRate", rate(maxRate, maxRateLimit));
        }
        return new SseRequest(request.toString(), items.size());
    }

    private static ObjectNode channel(String item, String since, String epoch) {
        String[] parts = item.split("@", -1);
        if (parts.length != 1 && parts.length != 3) {
            throw new BadQuery("a channel is <channel> or <channel>@<offset>@<epoch>: '" + item + "'");
        }
        if (!ChannelNames.isValid(parts[0])) {
            throw new BadQuery("unknown channel '" + parts[0] + "'");
        }
        ObjectNode spec = Frames.json().createObjectNode();
        spec.put("channel", parts[0]);
        String offset = parts.length == 3 ? parts[1] : since;
        String itsEpoch = parts.length == 3 ? parts[2] : epoch;
        if (offset != null) {
            if (!Offsets.isValid(offset)) {
                throw new BadQuery("not an offset: '" + offset + "' in '" + item + "'");
            }
            spec.put("since", offset);
            if (itsEpoch != null && !itsEpoch.isEmpty()) {
                spec.put("epoch", itsEpoch);
            }
        }
        return spec;
    }

    private static double rate(String value, int limit) {
        try {
            double rate = Double.parseDouble(value);
            if (rate > 0 && rate <= limit) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadQuery("'maxRate' must be a number of updates per second in (0, " + limit + "]");
    }
}
