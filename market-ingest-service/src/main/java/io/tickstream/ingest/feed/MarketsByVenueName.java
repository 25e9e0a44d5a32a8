package io.tickstream.ingest.feed;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The markets of one connection, looked up by the venue's name of them (case-insensitive). */
public final class MarketsByVenueName {

    private final Map<String, FeedMarket> byName = new HashMap<>();

    public MarketsByVenueName(List<FeedMarket> markets) {
        markets.forEach(m -> byName.put(m.venueName().toUpperCase(Locale.ROOT), m));
    }

    /** The market the venue calls {@code name}, or null when this connection did not subscribe to it. */
    public FeedMarket get(String name) {
        return name == null ? null : byName.get(name.toUpperCase(Locale.ROOT));
    }
}
