package io.tickstream.ingest.fake;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer {@link FakeMarketApis} gives instead of the normal one, queued with
 * {@link FakeMarketApis#failNext(String, int, Fault)}. Immutable; the fluent methods return copies.
 *
 * <pre>{@code
 * Fault.status(429).header("Retry-After", "7")   // rate limited
 * Fault.status(418)                               // Binance's IP ban
 * Fault.status(503)                               // server error
 * Fault.delay(Duration.ofSeconds(2))              // the normal answer, too late for the client's timeout
 * Fault.malformedJson()                           // HTTP 200, body cut off mid-JSON
 * Fault.emptyBody()                               // HTTP 200, no body
 * Fault.status(200).body("{\"data\":null}")       // any other answer
 * }</pre>
 */
public final class Fault {

    private final int status;
    private final Map<String, String> headers;
    private final String body;
    private final Duration delay;

    private Fault(int status, Map<String, String> headers, String body, Duration delay) {
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.delay = delay;
    }

    /** Answers {@code status} with an empty body (add one with {@link #body(String)}). */
    public static Fault status(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        return new Fault(status, Map.of(), "", Duration.ZERO);
    }

    /** Waits {@code delay}, then gives the normal answer: longer than the client's timeout, it is a timeout. */
    public static Fault delay(Duration delay) {
        return new Fault(0, Map.of(), "", delay);
    }

    /** HTTP 200 with JSON that breaks off in the middle. */
    public static Fault malformedJson() {
        return status(200).body("{\"data\": [{\"value\": \"4");
    }

    /** HTTP 200 without a body. */
    public static Fault emptyBody() {
        return status(200);
    }

    /** This fault with one more response header. */
    public Fault header(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new Fault(status, all, body, delay);
    }

    /** This fault with {@code body} as the response body. */
    public Fault body(String body) {
        return new Fault(status, headers, body, delay);
    }

    /** True when the fault only delays the normal answer. */
    boolean passesThrough() {
        return status == 0;
    }

    Duration delay() {
        return delay;
    }

    FakeResponse response() {
        return new FakeResponse(status, headers, body);
    }

    @Override
    public String toString() {
        return passesThrough() ? "delay " + delay : "HTTP " + status + " " + headers + " '" + body + "'";
    }
}
