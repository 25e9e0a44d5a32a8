package io.tickstream.query.problem;

import io.tickstream.common.symbol.Symbols;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Errors users see, as {@code application/problem+json} ({@code detail} says why): 400 for a malformed
 * parameter, 404 for an unknown symbol. Never a stack trace.
 */
public final class Problems {

    private Problems() {
    }

    public static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }

    public static ResponseStatusException notFound(String detail) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, detail);
    }

    /** The canonical form of a symbol from a request, or a 400 that says why it is not one. */
    public static String symbol(String raw) {
        try {
            return Symbols.canonical(raw);
        } catch (IllegalArgumentException e) {
            throw badRequest("malformed symbol '" + raw + "': 1 to 15 letters or digits, e.g. BTC");
        }
    }

    public static ResponseStatusException unknownSymbol(String symbol) {
        return notFound("unknown symbol '" + symbol + "': no quote of it has been seen");
    }

    /** {@code raw} as an int within [min, max], or {@code fallback} when absent; else a 400. */
    public static int bounded(String name, String raw, int fallback, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw badRequest(name + " must be an integer, was '" + raw + "'");
        }
        if (value < min || value > max) {
            throw badRequest(name + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
