package io.tickstream.query.state;

import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.stream.EventDecodeException;
import io.tickstream.common.stream.StreamEntryCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.stream.MapRecord;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Stream entries to events through the {@code common} codec. An entry that does not decode is
 * skipped with a log line: the backup service's group is the one that dead-letters it, so the query
 * service does not add a second copy to the DLQ.
 */
final class StreamEntries {

    private static final Logger log = LoggerFactory.getLogger(StreamEntries.class);

    private StreamEntries() {
    }

    static Optional<MarketEvent> decode(MapRecord<String, Object, Object> entry) {
        Map<String, String> fields = new HashMap<>(32);
        entry.getValue().forEach((k, v) -> fields.put(String.valueOf(k), String.valueOf(v)));
        try {
            return Optional.of(StreamEntryCodec.decode(fields));
        } catch (EventDecodeException e) {
            log.warn("skipping undecodable entry {} of {}: {}", entry.getId(), entry.getStream(), e.getMessage());
            return Optional.empty();
        }
    }
}
