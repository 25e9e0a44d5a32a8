package io.tickstream.query.csv;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A table as {@code text/csv} (RFC 4180: comma separated, CRLF line ends, a header line, fields with a comma, quote
 * or line break quoted, empty for null), the answer to {@code Accept: text/csv}. The next page's link goes in a
 * {@code Link: <...>; rel="next"} header, as with JSON.
 */
public final class CsvTable {

    public static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final StringBuilder text = new StringBuilder();

    public CsvTable(String... header) {
        row(List.of(header));
    }

    /**
     * True when {@code accept} (the request's header, may be null) names {@code text/csv} with a quality above 0 and
     * not below JSON's ({@code application/json} or {@code application/*}; wildcards {@code *}/{@code *} alone mean JSON).
     */
    public static boolean wanted(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        double csv = 0;
        double json = 0;
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            return false;
        }
        for (MediaType type : types) {
            if (type.getType().equals("text") && type.getSubtype().equals("csv")) {
                csv = Math.max(csv, type.getQualityValue());
            } else if (type.getType().equals("application") && (type.getSubtype().equals("json") || type.isWildcardSubtype())) {
                json = Math.max(json, type.getQualityValue());
            }
        }
        return csv > 0 && csv >= json;
    }

    public CsvTable row(List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            Object value = values.get(i);
            text.append(value == null ? "" : field(value.toString()));
        }
        text.append("\r\n");
        return this;
    }

    public CsvTable row(Object... values) {
        return row(java.util.Arrays.asList(values));
    }

    /** The answer: 200, {@code text/csv}, {@code Link} to {@code next} when there is one. */
    public ResponseEntity<byte[]> answer(String next, HttpHeaders extra) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(TEXT_CSV).cacheControl(CacheControl.noCache())
                .headers(extra);
        if (next != null) {
            answer.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return answer.body(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
