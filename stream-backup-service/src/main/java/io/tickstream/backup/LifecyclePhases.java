package io.tickstream.backup;

/**
 * Start order of the service's loops (lower starts first, stops last). The archiver stops before the
 * upkeep loop, so the last trim never races the last acknowledgements; both stop before the Redis and
 * R2DBC clients are closed (those are beans, destroyed after every lifecycle has stopped).
 */
public final class LifecyclePhases {

    /** Trimming and backlog metrics. */
    public static final int UPKEEP = 100;
    /** Archive consumers and the reclaimer. */
    public static final int ARCHIVE = 200;

    private LifecyclePhases() {
    }
}
