package io.tickstream.common.stream;

import java.util.Map;

/**
 * A command on {@link StreamKeys#INGEST_CONTROL}: {@code command=refresh} polls now, within the
 * sources' budgets; {@code source} names one source or {@code all} (the default when absent).
 *
 * @param command the command name; only {@code refresh} exists
 * @param source  a source name or {@link #ALL_SOURCES}
 */
public record ControlCommand(String command, String source) {

    public static final String REFRESH = "refresh";
    public static final String ALL_SOURCES = "all";

    /** The stream fields of this command. */
    public Map<String, String> toFields() {
        return Map.of("command", command, "source", source);
    }

    /** The command from stream fields; a missing source means all sources. */
    public static ControlCommand fromFields(Map<String, String> fields) {
        String command = fields.getOrDefault("command", "");
        String source = fields.getOrDefault("source", ALL_SOURCES);
        return new ControlCommand(command, source.isBlank() ? ALL_SOURCES : source);
    }
}
