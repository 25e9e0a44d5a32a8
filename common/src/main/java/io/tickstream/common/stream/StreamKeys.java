package io.tickstream.common.stream;

/**
 * Redis keys of the Tickstream streams. Services take these names from here and nowhere else.
 */
public final class StreamKeys {

    /** One entry per normalized quote of one symbol from one source at one source time. */
    public static final String MARKET_DATA = "crypto:market_data";
    /** One entry per global market summary (totals, dominance, fear &amp; greed). */
    public static final String DASHBOARD = "crypto:dashboard";
    /** One entry per source health transition. */
    public static final String HEALTH = "system:health";
    /**
     * Commands to the ingest service, e.g. fields {@code command=refresh}, {@code source=binance}
     * (or {@code all}); see {@link ControlCommand}.
     */
    public static final String INGEST_CONTROL = "tickstream:ingest:control";

    private StreamKeys() {
    }

    /** The data streams, in the order consumers usually subscribe to them. */
    public static java.util.List<String> dataStreams() {
        return java.util.List.of(MARKET_DATA, DASHBOARD, HEALTH);
    }

    /** The dead-letter stream of {@code stream}: entries a consumer gave up on, with the reason. */
    public static String deadLetter(String stream) {
        return stream + ":dlq";
    }
}
