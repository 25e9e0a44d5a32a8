package io.tickstream.ingest.source;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads values from source JSON the way the APIs document them: decimals as JSON numbers or as
 * strings (Binance, Kraken, Coinbase send strings), {@code null} where the API has nulls, times as
 * ISO-8601 or epoch seconds/milliseconds. A value that is present but malformed is a
 * {@link SourceCallException.Malformed}, never a silent zero.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /** The decimal at {@code field}, {@code null} when absent, JSON null or empty. */
    public static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isString()) {
            String text = value.stringValue().trim();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new SourceCallException.Malformed("'" + field + "' is not a number: '" + abbreviate(text) + "'");
            }
        }
        throw new SourceCallException.Malformed("'" + field + "' is not a number: " + abbreviate(value.toString()));
    }

    /** The decimal at {@code field}; absent or null is malformed. */
    public static BigDecimal requiredDecimal(JsonNode node, String field) {
        BigDecimal value = decimal(node, field);
        if (value == null) {
            throw new SourceCallException.Malformed("missing '" + field + "'");
        }
        return value;
    }

    /** The decimal at {@code index} of an array such as Kraken's {@code "c": ["67000.1", "0.01"]}. */
    public static BigDecimal requiredDecimal(JsonNode array, int index, String name) {
        JsonNode value = array.path(index);
        if (value.isMissingNode() || value.isNull()) {
            throw new SourceCallException.Malformed("missing '" + name + "'");
        }
        return value.isNumber() ? value.decimalValue() : parse(value.asString(), name);
    }

    /** The text at {@code field}, {@code null} when absent or null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }

    /** An ISO-8601 instant such as {@code 2024-05-01T12:00:00.123Z}, as epoch ms; {@code null} when absent. */
    public static Long isoTime(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new SourceCallException.Malformed("'" + field + "' is not an ISO-8601 time: '" + abbreviate(text) + "'");
        }
    }

    /** Epoch seconds (number or string), as epoch ms; {@code null} when absent. */
    public static Long epochSeconds(JsonNode node, String field) {
        BigDecimal seconds = decimal(node, field);
        return seconds == null ? null : seconds.movePointRight(3).longValue();
    }

    /** Epoch milliseconds (number or string); {@code null} when absent. */
    public static Long epochMillis(JsonNode node, String field) {
        BigDecimal millis = decimal(node, field);
        return millis == null ? null : millis.longValue();
    }

    private static BigDecimal parse(String text, String name) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new SourceCallException.Malformed("'" + name + "' is not a number: '" + abbreviate(text) + "'");
        }
    }

    private static String abbreviate(String text) {
        return SourceCallException.abbreviate(text);
    }
}
