package io.tickstream.ingest.source;

import java.time.Duration;

/**
 * Why a call to a source failed. The subtypes tell the resilience layer what to do: wait
 * ({@link RateLimited}), retry with backoff ({@link Retryable}), or give up for this poll.
 */
public sealed class SourceCallException extends RuntimeException {

    SourceCallException(String message) {
        super(message, null, false, false);
    }

    SourceCallException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** Worth retrying after a backoff: 5xx answers, timeouts, refused connections. */
    public static final class Retryable extends SourceCallException {
        public Retryable(String message) {
            super(message);
        }

        public Retryable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The source asked us to wait (HTTP 429, Binance 418), or our own budget or cooldown for it
     * is spent ({@code status} 0, no call made). Never retried within a poll.
     */
    public static final class RateLimited extends SourceCallException {
        private final int status;
        private final Duration retryAfter;

        public RateLimited(int status, Duration retryAfter, String message) {
            super(message);
            this.status = status;
            this.retryAfter = retryAfter;
        }

        /** The HTTP status, or 0 when the limit is ours and no call was made. */
        public int status() {
            return status;
        }

        /** How long to wait before the next call. */
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** A 4xx other than 429/418: our request is wrong; retrying it would not help. */
    public static final class Rejected extends SourceCallException {
        private final int status;
        private final String body;

        public Rejected(int status, String body) {
            super("HTTP " + status + ": " + abbreviate(body));
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }
    }

    /** The answer did not have the documented format: malformed JSON, missing or non-numeric values. */
    public static final class Malformed extends SourceCallException {
        public Malformed(String message) {
            super(message);
        }

        public Malformed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
