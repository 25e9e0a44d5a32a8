package io.tickstream.common.stream;

/**
 * A stream entry that cannot become an event: a required field is missing, or a value is malformed.
 * Consumers send such entries to the dead-letter stream with {@link #getMessage()} as the reason.
 */
public final class EventDecodeException extends RuntimeException {

    private final String field;

    public EventDecodeException(String field, String message) {
        super(message);
        this.field = field;
    }

    EventDecodeException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The offending field name. */
    public String field() {
        return field;
    }

    static EventDecodeException missing(String field) {
        return new EventDecodeException(field, "missing required field '" + field + "'");
    }
}
