package io.tickstream.ingest.lease;

/**
 * Start order of the service's loops (lower starts first, stops last): leases, then pollers and the
 * control listener. Pollers stop before the leases are released, so no poll runs without a lease.
 */
public final class LifecyclePhases {

    public static final int LEASES = 0;
    public static final int POLLERS = 100;

    private LifecyclePhases() {
    }
}
