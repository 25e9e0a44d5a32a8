package io.tickstream.ingest.source.coingecko;

import io.tickstream.ingest.source.JsonValues;
import io.tickstream.ingest.source.SourceCallException;
import io.tickstream.ingest.source.SummaryObservation;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;

/**
 * Reads CoinGecko's {@code GET /global} answer, {@code {"data": {"total_market_cap": {"usd": ..},
 * "total_volume": {"usd": ..}, "market_cap_percentage": {"btc": .., "eth": ..},
 * "market_cap_change_percentage_24h_usd": .., "active_cryptocurrencies": .., "updated_at": <epoch s>}}},
 * into a summary. Figures are always the USD ones, whatever the quote currency of the quotes, because
 * the summary is defined in USD. Absent figures stay {@code null}; a missing {@code data} object is
 * malformed.
 */
final class CoinGeckoGlobal {

    private CoinGeckoGlobal() {
    }

    /** The summary in {@code answer}; {@code receivedAt} stands in when it has no {@code updated_at}. */
    static SummaryObservation read(JsonNode answer, long receivedAt) {
        JsonNode data = answer.path("data");
        if (!data.isObject()) {
            throw new SourceCallException.Malformed("/global answer has no 'data' object");
        }
        Long updatedAt = JsonValues.epochSeconds(data, "updated_at");
        return new SummaryObservation(
                JsonValues.decimal(data.path("total_market_cap"), "usd"),
                JsonValues.decimal(data.path("total_volume"), "usd"),
                JsonValues.decimal(data.path("market_cap_percentage"), "btc"),
                JsonValues.decimal(data.path("market_cap_percentage"), "eth"),
                JsonValues.decimal(data, "market_cap_change_percentage_24h_usd"),
                count(data),
                null,
                null,
                updatedAt == null ? receivedAt : updatedAt);
    }

    private static Integer count(JsonNode data) {
        BigDecimal active = JsonValues.decimal(data, "active_cryptocurrencies");
        try {
            return active == null ? null : active.intValueExact();
        } catch (ArithmeticException e) {
            throw new SourceCallException.Malformed("'active_cryptocurrencies' is not a count: " + active);
        }
    }
}
