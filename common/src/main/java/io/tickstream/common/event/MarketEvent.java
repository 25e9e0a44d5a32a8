package io.tickstream.common.event;

/**
 * One entry of a Tickstream stream. The {@code common} codec
 * ({@link io.tickstream.common.stream.StreamEntryCodec}) is the only code that turns these into
 * stream fields and back.
 */
public sealed interface MarketEvent permits Quote, MarketSummary, SourceHealthChanged, Trade, Bar {

    /** Fields every entry carries. */
    EventMeta meta();

    /** The entry's type. */
    EventType type();

    /** The stream this kind of event is appended to. */
    String stream();
}
