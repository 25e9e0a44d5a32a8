package io.tickstream.push.session;

import io.tickstream.push.channel.ChannelHub;
import io.tickstream.push.channel.ChannelNames;
import io.tickstream.push.channel.Frames;
import io.tickstream.push.channel.Offsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Carries out one client request ({@code subscribe}, {@code unsubscribe}, {@code ping}); anything
 * wrong gets an {@code error} message with a code from the README, and the connection stays open
 * (until {@code maxErrors}).
 */
final class RequestHandler {

    /** Error codes of {@code {"type":"error"}} messages. */
    static final String BAD_JSON = "bad_json";
    static final String UNKNOWN_OP = "unknown_op";
    static final String BAD_REQUEST = "bad_request";
    static final String UNKNOWN_CHANNEL = "unknown_channel";
    static final String TOO_MANY_SUBSCRIPTIONS = "too_many_subscriptions";
    static final String CHANNEL_LIMIT = "channel_limit";
    static final String UNSUPPORTED = "unsupported";

    private record Options(String since, String epoch, Subscription.Format format, double maxRate) {
    }

    private final ChannelHub hub;
    private final SessionProperties properties;

    RequestHandler(ChannelHub hub, SessionProperties properties) {
        this.hub = hub;
        this.properties = properties;
    }

    /** Handles one text message; returns false when the connection should be closed (error budget spent). */
    boolean handle(ClientSession session, String text) {
        JsonNode request;
        try {
            request = Frames.json().readTree(text);
        } catch (JacksonException e) {
            return error(session, BAD_JSON, "not a JSON object", null);
        }
        if (request == null || !request.isObject()) {
            return error(session, BAD_JSON, "not a JSON object", null);
        }
        String op = request.path("op").asString("");
        return switch (op) {
            case "subscribe" -> subscribe(session, request);
            case "unsubscribe" -> unsubscribe(session, request);
            case "ping" -> {
                session.outbound().offerReply(Frames.pong(System.currentTimeMillis()));
                yield true;
            }
            default -> error(session, UNKNOWN_OP, op.isEmpty() ? "missing 'op'" : "unknown op '" + op + "'", null);
        };
    }

    private boolean subscribe(ClientSession session, JsonNode request) {
        JsonNode channels = request.get("channels");
        if (channels == null || !channels.isArray() || channels.isEmpty()) {
            return error(session, BAD_REQUEST, "'channels' must be a non-empty array", null);
        }
        if (channels.size() > properties.maxSubscriptions()) {
            return error(session, TOO_MANY_SUBSCRIPTIONS, "at most " + properties.maxSubscriptions() + " subscriptions per connection", null);
        }
        List<Subscription> accepted = new ArrayList<>();
        boolean ok = true;
        for (JsonNode item : channels) {
            JsonNode spec = item.isObject() ? item : null;
            String channel = spec != null ? spec.path("channel").asString("") : item.isString() ? item.asString() : "";
            if (!ChannelNames.isValid(channel)) {
                ok &= error(session, UNKNOWN_CHANNEL, "unknown channel '" + channel + "'", channel.isEmpty() ? null : channel);
                continue;
            }
            String problem = problem(spec, request, channel);
            if (problem != null) {
                ok &= error(session, BAD_REQUEST, problem, channel);
                continue;
            }
            if (!session.isSubscribed(channel) && session.subscriptionCount() + accepted.size() >= properties.maxSubscriptions()) {
                ok &= error(session, TOO_MANY_SUBSCRIPTIONS, "at most " + properties.maxSubscriptions() + " subscriptions per connection", channel);
                continue;
            }
            Options options = options(spec, request, channel);
            Subscription subscription = new Subscription(session, channel, options.format(), options.maxRate());
            session.put(subscription, hub);
            if (!hub.subscribe(channel, subscription, options.since(), options.epoch())) {
                session.remove(channel, hub);
                ok &= error(session, CHANNEL_LIMIT, "this instance holds too many channels", channel);
            }
        }
        return ok;
    }

    private boolean unsubscribe(ClientSession session, JsonNode request) {
        JsonNode channels = request.get("channels");
        if (channels == null || !channels.isArray() || channels.isEmpty()) {
            return error(session, BAD_REQUEST, "'channels' must be a non-empty array", null);
        }
        for (JsonNode item : channels) {
            String channel = item.isObject() ? item.path("channel").asString("") : item.asString("");
            session.remove(channel, hub);
            session.outbound().offerReply(Frames.unsubscribed(channel));
        }
        return true;
    }

    /** What is wrong with the options of one channel (its own object first, then the request's), or null. */
    private String problem(JsonNode spec, JsonNode request, String channel) {
        JsonNode since = option(spec, request, "since");
        if (since != null && !since.isNull() && !(since.isString() && Offsets.isValid(since.asString()))) {
            return "'since' must be an offset such as \"1763800000000-0\"";
        }
        JsonNode epoch = option(spec, request, "epoch");
        if (epoch != null && !epoch.isNull() && !epoch.isString()) {
            return "'epoch' must be a string";
        }
        JsonNode delta = option(spec, request, "delta");
        if (delta != null && !delta.isNull() && !(delta.isString() && delta.asString().equals("json-patch"))) {
            return "'delta' must be \"json-patch\"";
        }
        JsonNode format = option(spec, request, "format");
        if (format != null && !format.isNull()) {
            if (!(format.isString() && format.asString().equals("dashboard_update"))) {
                return "'format' must be \"dashboard_update\"";
            }
            if (!channel.equals(ChannelNames.DASHBOARD)) {
                return "'format' \"dashboard_update\" is for the dashboard channel only";
            }
        }
        JsonNode maxRate = option(spec, request, "maxRate");
        if (maxRate != null && !maxRate.isNull()
                && !(maxRate.isNumber() && maxRate.asDouble() > 0 && maxRate.asDouble() <= properties.maxRate())) {
            return "'maxRate' must be a number of updates per second in (0, " + properties.maxRate() + "]";
        }
        return null;
    }

    private static Options options(JsonNode spec, JsonNode request, String channel) {
        JsonNode since = option(spec, request, "since");
        JsonNode epoch = option(spec, request, "epoch");
        JsonNode delta = option(spec, request, "delta");
        JsonNode format = option(spec, request, "format");
        JsonNode maxRate = option(spec, request, "maxRate");
        Subscription.Format chosen = format != null && !format.isNull() ? Subscription.Format.DASHBOARD_UPDATE
                : delta != null && !delta.isNull() ? Subscription.Format.PATCH : Subscription.Format.FULL;
        return new Options(since == null || since.isNull() ? null : since.asString(),
                epoch == null || epoch.isNull() ? null : epoch.asString(),
                chosen, maxRate == null || maxRate.isNull() ? 0 : maxRate.asDouble());
    }

    private static JsonNode option(JsonNode spec, JsonNode request, String name) {
        if (spec != null && spec.has(name)) {
            return spec.get(name);
        }
        return request.get(name);
    }

    private boolean error(ClientSession session, String code, String reason, String channel) {
        session.outbound().offerReply(Frames.error(code, reason, channel));
        return !session.error(properties.maxErrors());
    }
}
