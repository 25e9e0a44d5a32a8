package io.tickstream.ingest.feed;

import io.tickstream.ingest.source.SourceCallException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses feed frames with every JSON number kept as an exact decimal (Kraken sends prices as JSON numbers:
 * read through a {@code double} they would lose digits).
 */
public final class FeedJson {

    private static final JsonMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private FeedJson() {
    }

    /** The frame as a tree; a frame that is no JSON is {@link SourceCallException.Malformed}. */
    public static JsonNode parse(String frame) {
        try {
            return EXACT.readTree(frame);
        } catch (JacksonException e) {
            throw new SourceCallException.Malformed("frame is not JSON: " + SourceCallException.abbreviate(frame));
        }
    }
}
