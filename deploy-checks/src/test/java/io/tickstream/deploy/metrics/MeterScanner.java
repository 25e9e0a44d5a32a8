package io.tickstream.deploy.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the meters a module's main Java sources register: every {@code "tickstream.…"} string literal
 * whose statement builds or looks up a meter ({@code counter(…)}, {@code Counter.builder(…)},
 * {@code FunctionCounter}, {@code Gauge}, {@code Timer}/{@code timer(…)}, {@code DistributionSummary}).
 * The kind is the meter word nearest before the literal in its statement; {@code baseUnit("…")} and
 * {@code publishPercentileHistogram} after it in the same statement are honoured. Comments are ignored;
 * literals in other statements or in annotations (configuration prefixes, conditions, logger names) are
 * not meters and are skipped.
 */
public final class MeterScanner {

    private static final Pattern LITERAL = Pattern.compile("\"(tickstream\\.[a-z0-9_.]+)\"");
    private static final Pattern KIND = Pattern.compile(
            "\\b(FunctionCounter|Counter|counter|Gauge|gauge|TimeGauge|Timer|timer|DistributionSummary|summary)\\b");
    private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\"([a-z]+)\"\\)");
    private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|(?m)^\\s*//[^\\n]*");
    private static final Pattern METRIC_PREFIX = Pattern.compile("\\.metricPrefix\\(\\s*(?:\"(tickstream\\.[a-z0-9_.]+)\"|([A-Z_][A-Z0-9_]*))\\s*\\)");
    private static final Pattern ANNOTATION_OPEN = Pattern.compile("@[\\w.]+\\(\\s*(\\w+\\s*=\\s*)?$");

    private MeterScanner() {
    }

    public static List<MeterDeclaration> scan(String module, Path mainJava) {
        try (Stream<Path> files = Files.walk(mainJava)) {
            List<MeterDeclaration> found = new ArrayList<>();
            files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> found.addAll(scanSource(module, read(f))));
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<MeterDeclaration> scanSource(String module, String code) {
        // comments name meters and kinds in prose ("… the dashboard summary …"); only code counts
        String source = COMMENTS.matcher(code).replaceAll(" ");
        List<MeterDeclaration> found = new ArrayList<>(groupConsumerMeters(module, source));
        Matcher literal = LITERAL.matcher(source);
        while (literal.find()) {
            int start = statementStart(source, literal.start());
            int end = source.indexOf(';', literal.end());
            String before = source.substring(start, literal.start());
            String after = source.substring(literal.end(), end < 0 ? source.length() : end);
            MeterDeclaration.Type type = kind(before);
            if (type == null || ANNOTATION_OPEN.matcher(before).find()) {
                continue;
            }
            Matcher unit = BASE_UNIT.matcher(after);
            found.add(new MeterDeclaration(module, type, literal.group(1), unit.find() ? unit.group(1) : null,
                    after.contains("publishPercentileHistogram")));
        }
        return found;
    }

    /**
     * The meters of a streams-layer group consumer ({@code GroupMetrics}) a module configures with
     * {@code .metricPrefix("…")} (or a constant of the same file): under the prefix, counters {@code dlq},
     * {@code entries.lost}, {@code reclaimed}, {@code errors} and gauges {@code group.pending},
     * {@code group.lag}.
     */
    static List<MeterDeclaration> groupConsumerMeters(String module, String source) {
        List<MeterDeclaration> found = new ArrayList<>();
        Matcher prefix = METRIC_PREFIX.matcher(source);
        while (prefix.find()) {
            String name = prefix.group(1) != null ? prefix.group(1) : constant(source, prefix.group(2));
            if (name == null) {
                continue;
            }
            for (String counter : List.of("dlq", "entries.lost", "reclaimed", "errors")) {
                found.add(new MeterDeclaration(module, MeterDeclaration.Type.COUNTER, name + "." + counter, null, false));
            }
            for (String gauge : List.of("group.pending", "group.lag")) {
                found.add(new MeterDeclaration(module, MeterDeclaration.Type.GAUGE, name + "." + gauge, null, false));
            }
        }
        return found;
    }

    private static String constant(String source, String name) {
        Matcher m = Pattern.compile("\\b" + Pattern.quote(name) + "\\s*=\\s*\"(tickstream\\.[a-z0-9_.]+)\"").matcher(source);
        return m.find() ? m.group(1) : null;
    }

    private static MeterDeclaration.Type kind(String before) {
        Matcher m = KIND.matcher(before);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        if (last == null) {
            return null;
        }
        return switch (last) {
            case "FunctionCounter", "Counter", "counter" -> MeterDeclaration.Type.COUNTER;
            case "Gauge", "gauge" -> MeterDeclaration.Type.GAUGE;
            case "TimeGauge" -> null;
            case "Timer", "timer" -> MeterDeclaration.Type.TIMER;
            default -> MeterDeclaration.Type.SUMMARY;
        };
    }

    private static int statementStart(String source, int from) {
        for (int i = from - 1; i >= 0; i--) {
            char c = source.charAt(i);
            if (c == ';' || c == '{' || c == '}') {
                return i + 1;
            }
        }
        return 0;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
