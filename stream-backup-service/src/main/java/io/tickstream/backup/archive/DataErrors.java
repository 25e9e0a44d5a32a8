package io.tickstream.backup.archive;

import io.r2dbc.spi.R2dbcException;

/**
 * Tells a row PostgreSQL rejects (SQLSTATE class 22 data exception, 23 integrity violation: a value too
 * long, out of range...) from trouble with the database itself (connection refused, timeout, shutdown),
 * which is worth waiting out and is never a reason to give up on an entry.
 */
final class DataErrors {

    private DataErrors() {
    }

    static boolean isDataError(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof R2dbcException r && r.getSqlState() != null
                    && (r.getSqlState().startsWith("22") || r.getSqlState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    /** PostgreSQL's own words for the error, e.g. {@code 22001 value too long for type character varying(64)}. */
    static String describe(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof R2dbcException r && r.getSqlState() != null) {
                return r.getSqlState() + " " + r.getMessage();
            }
        }
        return error.toString();
    }
}
