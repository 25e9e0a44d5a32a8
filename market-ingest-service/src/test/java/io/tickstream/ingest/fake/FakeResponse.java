package io.tickstream.ingest.fake;

import java.util.Map;

/** An answer of a fake API: status, extra headers and body (JSON unless a header says otherwise). */
record FakeResponse(int status, Map<String, String> headers, String body) {

    FakeResponse {
        headers = Map.copyOf(headers);
        body = body == null ? "" : body;
    }

    static FakeResponse json(int status, String body) {
        return new FakeResponse(status, Map.of(), body);
    }

    /** The same answer with one more header. */
    FakeResponse withHeader(String name, String value) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put(name, value);
        return new FakeResponse(status, all, body);
    }
}
