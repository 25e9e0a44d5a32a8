package io.tickstream.ingest.fake;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request {@link FakeMarketApis} received.
 *
 * @param source   the API it was for ({@code binance}, ...), or {@code ""} for a path no API serves
 * @param method   the HTTP method
 * @param path     the full request path, e.g. {@code /coingecko/api/v3/coins/markets}
 * @param apiPath  the path after the API's base URL, as the API documents it, e.g. {@code /coins/markets}
 * @param rawQuery the query string as sent, still percent-encoded, or {@code ""}
 * @param headers  request headers; names are case-insensitive
 * @param at       wall-clock time the server received it
 */
public record RecordedRequest(String source, String method, String path, String apiPath, String rawQuery,
        Map<String, List<String>> headers, Instant at) {

    public RecordedRequest {
        rawQuery = rawQuery == null ? "" : rawQuery;
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = java.util.Collections.unmodifiableMap(copy);
    }

    /** The first value of header {@code name} (any case), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The decoded query parameters, in order. */
    public Map<String, List<String>> queryParams() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** The first decoded value of query parameter {@code name}, or {@code null}. */
    public String queryParam(String name) {
        List<String> values = queryParams().get(name);
        return values == null ? null : values.getFirst();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
