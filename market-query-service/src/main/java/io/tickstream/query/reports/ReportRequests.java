package io.tickstream.query.reports;

import io.tickstream.query.problem.Problems;

/** Report parameters from requests, or a 400 that says what is wrong. */
final class ReportRequests {

    private ReportRequests() {
    }

    static long id(String raw) {
        if (raw == null || !raw.matches("[0-9]{1,18}")) {
            throw Problems.badRequest("a report id is a positive number, was '" + raw + "'");
        }
        return Long.parseLong(raw);
    }

    static ReportScope scope(String raw) {
        try {
            return ReportScope.parse(raw);
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("scope is 'market' or a symbol such as btc, was '" + raw + "'");
        }
    }

    static ReportKind kind(String raw) {
        try {
            return ReportKind.of(raw);
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest(e.getMessage());
        }
    }
}
