package io.tickstream.backup.archive;

import io.tickstream.common.event.MarketEvent;

/**
 * An entry that decoded into an event.
 *
 * @param streamId the stream entry id, kept in the archive for tracing
 * @param event    the event
 */
public record DecodedEntry(String streamId, MarketEvent event) {
}
