package io.tickstream.query.cache;

import java.util.Map;

/**
 * A cache of another feature whose statistics {@code /admin/cache/stats} shows beside the two tiers,
 * under {@link #name()} (e.g. the report cache as {@code reports}).
 */
public interface CacheStatsSource {

    String name();

    Map<String, Object> stats();
}
