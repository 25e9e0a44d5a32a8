package io.tickstream.push.session;

import io.tickstream.push.metrics.PushMetrics;
import reactor.core.publisher.Flux;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One session of a one-way transport ({@link OneWaySessions}): protocol requests go in as JSON text,
 * messages come out as JSON bytes with the offset they carry. When the server closes it (slow consumer,
 * token expired, going away), {@link #messages()} completes and {@link #closeCode()} says why.
 */
public final class OneWaySession {

    /** A message for the client: its JSON bytes and the offset it carries (null for replies). */
    public record Message(byte[] json, String offset) {
    }

    private final ClientSession session;
    private final SessionRegistry registry;
    private final RequestHandler requests;
    private final PushMetrics metrics;
    private final AtomicBoolean ended = new AtomicBoolean();

    OneWaySession(ClientSession session, SessionRegistry registry, RequestHandler requests, PushMetrics metrics) {
        this.session = session;
        this.registry = registry;
        this.requests = requests;
        this.metrics = metrics;
    }

    /**
     * Carries out a protocol request ({@code {"op":"subscribe",…}}) as if it came over a WebSocket;
     * problems are answered with {@code error} messages. Returns false when the session spent its error
     * budget and was closed (1008).
     */
    public boolean request(String json) {
        boolean keep = requests.handle(session, json);
        if (!keep) {
            registry.close(session, CloseReason.POLICY);
        }
        return keep;
    }

    /**
     * The messages, emitted as the consumer asks for them (a consumer that does not take them makes
     * the queue conflate, then close with the slow-consumer reason); completes when the session closes.
     * Pings are left out: the transport sends heartbeats of its own.
     */
    public Flux<Message> messages() {
        return session.outbound().outgoing()
                .filter(message -> !message.ping())
                .map(message -> new Message(message.bytes(), message.offset()));
    }

    /** The close code the server ended the session with (the WebSocket codes: 1001, 4001, 4008…); 0 while open or when the client left. */
    public int closeCode() {
        CloseReason reason = session.closeReason();
        return reason == null ? 0 : reason.status().getCode();
    }

    /** The close reason's text ("slow consumer", "token expired"…); null while open or when the client left. */
    public String closeText() {
        CloseReason reason = session.closeReason();
        return reason == null ? null : reason.status().getReason();
    }

    /** Ends the session (the client went, or the stream ended): unregistered, subscriptions dropped, counted. */
    public void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        registry.remove(session);
        CloseReason reason = session.closeReason();
        metrics.disconnect(reason == null ? "client_closed" : reason.tag());
    }
}
