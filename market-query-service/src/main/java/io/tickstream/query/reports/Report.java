package io.tickstream.query.reports;

import java.time.Instant;

/**
 * A generated market report as served at {@code /api/v1/reports/{id}}: immutable once stored.
 *
 * @param id          its number, stable for ever ({@code /reports/{id}}, {@code /reports/{id}.pdf})
 * @param key         canonical key, e.g. {@code report:market:1d:2026-12-06}, {@code report:btc:1w:2026-11-30}
 * @param scope       {@code market} or a symbol in lower case
 * @param kind        {@code 1d}, {@code 1w} or {@code adhoc}
 * @param periodStart start of the period (inclusive), UTC
 * @param periodEnd   end of the period (exclusive), UTC
 * @param generatedAt when it was generated
 * @param content     the figures, tables and chart data
 */
public record Report(long id, String key, String scope, String kind, Instant periodStart, Instant periodEnd,
                     Instant generatedAt, ReportContent content) {
}
