package io.tickstream.ingest.validate;

/**
 * What validation made of one observation.
 *
 * @param accepted true when it may be published
 * @param stale    accepted, but older than the source's freshness bound: published flagged {@code stale}
 * @param reason   why it was rejected (a metric tag such as {@code non_positive}); empty when accepted
 */
public record Verdict(boolean accepted, boolean stale, String reason) {

    static final Verdict FRESH = new Verdict(true, false, "");
    static final Verdict STALE = new Verdict(true, true, "");

    static Verdict rejected(String reason) {
        return new Verdict(false, false, reason);
    }
}
