package io.tickstream.ingest.lease;

import java.util.List;

/** Names of leases beyond the polled sources' own (which are the source names). */
public final class LeaseNames {

    private LeaseNames() {
    }

    /** The lease of a source's live feed: {@code feed:<source>}; one instance streams each venue. */
    public static String feed(String source) {
        return "feed:" + source;
    }

    /** Something that needs leases held by one instance at a time (the live feeds). */
    public interface Provider {
        List<String> leaseNames();
    }
}
