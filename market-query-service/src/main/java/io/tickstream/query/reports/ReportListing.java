package io.tickstream.query.reports;

import java.time.Instant;

/** A report in the list ({@code /api/v1/reports}): what it covers and where to read it. */
public record ReportListing(long id, String key, String scope, String kind, Instant periodStart, Instant periodEnd,
                            Instant generatedAt, Links links) {

    /** Where the report is: JSON, page and PDF, relative to the gateway's root. */
    public record Links(String json, String page, String pdf) {

        static Links of(long id) {
            return new Links("/api/v1/reports/" + id, "/reports/" + id, "/reports/" + id + ".pdf");
        }
    }
}
