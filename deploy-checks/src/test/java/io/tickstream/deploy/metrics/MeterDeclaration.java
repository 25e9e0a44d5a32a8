package io.tickstream.deploy.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * One Micrometer meter a service registers, and the series names the Prometheus registry exports for
 * it: dots become underscores, a base unit is appended to gauges and counters, counters end in
 * {@code _total}, timers are in seconds with {@code _count}, {@code _sum}, {@code _max} (and
 * {@code _bucket} with a percentile histogram), distribution summaries likewise without the unit.
 *
 * @param module    the module whose sources declare it
 * @param type      the meter's kind
 * @param name      the Micrometer name, e.g. {@code tickstream.ingest.source.latency}
 * @param baseUnit  the declared base unit ({@code seconds}, {@code bytes}) or null
 * @param histogram whether a percentile histogram is published ({@code _bucket} series)
 */
public record MeterDeclaration(String module, Type type, String name, String baseUnit, boolean histogram) {

    public enum Type { COUNTER, GAUGE, TIMER, SUMMARY }

    public List<String> prometheusNames() {
        String base = name.replace('.', '_');
        String withUnit = baseUnit == null || base.endsWith("_" + baseUnit) ? base : base + "_" + baseUnit;
        return switch (type) {
            case COUNTER -> List.of(withUnit.endsWith("_total") ? withUnit : withUnit + "_total");
            case GAUGE -> List.of(withUnit);
            case TIMER -> distribution(base + "_seconds");
            case SUMMARY -> distribution(withUnit);
        };
    }

    private List<String> distribution(String base) {
        List<String> names = new ArrayList<>(List.of(base + "_count", base + "_sum", base + "_max"));
        if (histogram) {
            names.add(base + "_bucket");
        }
        return names;
    }
}
