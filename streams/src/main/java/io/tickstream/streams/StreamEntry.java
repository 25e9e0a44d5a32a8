package io.tickstream.streams;

import io.lettuce.core.StreamMessage;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.stream.StreamEntryCodec;

import java.util.Map;

/**
 * One entry read from a stream.
 *
 * @param stream the stream key
 * @param id     the entry id
 * @param fields the entry's fields; empty for a pending entry whose data was deleted (trimmed) before
 *               it was handled
 */
public record StreamEntry(String stream, String id, Map<String, String> fields) {

    public StreamEntry {
        fields = fields == null ? Map.of() : fields;
    }

    /** The entry of a Lettuce message. */
    public static StreamEntry of(StreamMessage<String, String> message) {
        return new StreamEntry(message.getStream(), message.getId(), message.getBody());
    }

    /** True for a pending entry whose data is gone. */
    public boolean deleted() {
        return fields.isEmpty();
    }

    /**
     * The event, through the {@code common} codec.
     *
     * @throws io.tickstream.common.stream.EventDecodeException when a required field is missing or invalid
     */
    public MarketEvent decode() {
        return StreamEntryCodec.decode(fields);
    }
}
