package io.tickstream.gateway.collapse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An upstream answer as shared with the reads that waited for it: status, the headers the upstream
 * sent (not those the gateway added for the caller that made the call, such as its rate-limit
 * headers) and the whole body. {@link #NONE} tells the waiting reads that there is nothing to share
 * and that each makes its own call.
 */
final class SharedAnswer {

    static final SharedAnswer NONE = new SharedAnswer(0, List.of(), new byte[0]);

    /** Headers not copied: the body's framing is the gateway's own, per connection. */
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection", "keep-alive");
    /** Request headers an answer may vary on and still be shared; they are part of {@link CollapseFilter}'s key. */
    private static final Set<String> KEYED = Set.of("accept", "accept-encoding");

    private final int status;
    private final List<Header> headers;
    private final byte[] body;

    private SharedAnswer(int status, List<Header> headers, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /**
     * Whether an answer may go to callers other than the one that asked: not when it sets a cookie, is
     * marked {@code private} or {@code no-store}, or varies on a request header that the key leaves out.
     */
    static boolean shareable(HttpHeaders headers) {
        if (headers.containsHeader(HttpHeaders.SET_COOKIE)) {
            return false;
        }
        List<String> cacheControl = headers.get(HttpHeaders.CACHE_CONTROL);
        if (cacheControl != null) {
            for (String value : cacheControl) {
                String v = value.toLowerCase(Locale.ROOT);
                if (v.contains("private") || v.contains("no-store")) {
                    return false;
                }
            }
        }
        List<String> vary = headers.get(HttpHeaders.VARY);
        if (vary != null) {
            for (String value : vary) {
                for (String name : value.split(",")) {
                    if (!KEYED.contains(name.trim().toLowerCase(Locale.ROOT))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The answer to share: {@code upstreamNames} are the headers the upstream sent, as they are now. */
    static SharedAnswer of(HttpStatusCode status, HttpHeaders headers, Set<String> upstreamNames, byte[] body) {
        List<Header> copied = new ArrayList<>(upstreamNames.size());
        for (String name : upstreamNames) {
            List<String> values = headers.get(name);
            if (values != null && !FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
                copied.add(new Header(name, List.copyOf(values)));
            }
        }
        return new SharedAnswer(status.value(), List.copyOf(copied), body);
    }

    int status() {
        return status;
    }

    /** Never written to: every waiting read wraps the same bytes. */
    byte[] body() {
        return body;
    }

    /** Sets the shared headers on a waiting read's response, over any of the same name. */
    void copyHeadersTo(HttpHeaders target) {
        for (Header header : headers) {
            target.put(header.name(), header.values());
        }
    }

    private record Header(String name, List<String> values) {
    }
}
