package io.tickstream.streams;

/** What a Redis error reply means to a stream loop; the one copy of these checks. */
public final class RedisErrors {

    private RedisErrors() {
    }

    /**
     * The group or the stream is gone: Redis restarted empty or the key was deleted ({@code NOGROUP}, or
     * {@code UNBLOCKED} for a read that was blocked when the key went away).
     */
    public static boolean isNoGroup(Throwable error) {
        return mentions(error, "NOGROUP") || mentions(error, "UNBLOCKED");
    }

    /** The group exists already ({@code BUSYGROUP}). */
    public static boolean isBusyGroup(Throwable error) {
        return mentions(error, "BUSYGROUP");
    }

    /** The key does not exist (XINFO on a missing stream). */
    public static boolean isNoSuchKey(Throwable error) {
        return mentions(error, "no such key");
    }

    private static boolean mentions(Throwable error, String code) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e.getMessage() != null && e.getMessage().contains(code)) {
                return true;
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return false;
    }
}
