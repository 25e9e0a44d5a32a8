package io.tickstream.gateway.access;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What one access-log line says, captured on the request thread and formatted by the writer:
 * {@code <time> ACCESS route=<id> method=<m> path=<path> status=<code> latencyMs=<ms> trace=<id>}, with
 * {@code -} for what is unknown.
 */
record AccessLogLine(long epochMillis, String route, String method, String path, int status, long latencyMicros,
        String traceId) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);

    /** Appends the line, newline included. */
    void appendTo(StringBuilder out) {
        TIME.formatTo(Instant.ofEpochMilli(epochMillis), out);
        out.append(" ACCESS route=").append(route)
                .append(" method=").append(method)
                .append(" path=").append(path)
                .append(" status=");
        if (status > 0) {
            out.append(status);
        } else {
            out.append('-');
        }
        out.append(" latencyMs=").append(latencyMicros / 1000).append('.');
        long fraction = latencyMicros % 1000;
        if (fraction < 100) {
            out.append('0');
        }
        if (fraction < 10) {
            out.append('0');
        }
        out.append(fraction).append(" trace=").append(traceId).append('\n');
    }

    /** The trace id of a W3C {@code traceparent} ({@code 00-<32 hex>-<16 hex>-<flags>}), or {@code -}. */
    static String traceId(String traceparent) {
        if (traceparent == null || traceparent.length() < 36 || traceparent.charAt(2) != '-' || traceparent.charAt(35) != '-') {
            return "-";
        }
        for (int i = 3; i < 35; i++) {
            char c = traceparent.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return "-";
            }
        }
        return traceparent.substring(3, 35);
    }
}
