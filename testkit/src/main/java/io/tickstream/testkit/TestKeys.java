package io.tickstream.testkit;

import java.util.UUID;

/** Names that belong to one test only, so tests never see each other's keys, groups or tables. */
public final class TestKeys {

    private TestKeys() {
    }

    /** {@code prefix} plus a random suffix, e.g. {@code crypto:market_data:t-3f9a1c2b}. */
    public static String unique(String prefix) {
        return prefix + ":t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A random lower-case identifier usable as an SQL schema or table name, e.g. {@code t_3f9a1c2b}. */
    public static String sqlName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
