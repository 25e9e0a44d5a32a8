package io.tickstream.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's {@code src/main/resources/application.yml}, when its module is in this tree: the environment
 * variables it reads through {@code ${NAME:default}} placeholders, its port default and its drain.
 */
public record ServiceApplicationYaml(String module, Map<String, Object> yaml, String text) {

    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Pattern PORT_DEFAULT = Pattern.compile("\\$\\{PORT:(\\d+)}");

    /** Empty when the module is not in this tree (built on another branch). */
    public static Optional<ServiceApplicationYaml> of(String module) {
        Path file = RepositoryFiles.path(module + "/src/main/resources/application.yml");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(new ServiceApplicationYaml(module, RepositoryFiles.yamlDocuments(file).getFirst(),
                RepositoryFiles.read(file)));
    }

    /** Upper-case environment variables named in placeholders, e.g. {@code REDIS_HOST}, {@code QUERY_URI}. */
    public Set<String> placeholderEnv() {
        Set<String> names = new TreeSet<>();
        Matcher m = ENV_PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The default of {@code server.port: ${PORT:…}}. */
    public int portDefault() {
        Matcher m = PORT_DEFAULT.matcher(String.valueOf(value("server.port")));
        if (!m.matches()) {
            throw new IllegalStateException(module + ": server.port is not ${PORT:<default>}: " + value("server.port"));
        }
        return Integer.parseInt(m.group(1));
    }

    /** {@code spring.lifecycle.timeout-per-shutdown-phase}; Spring's default 30 s when unset. */
    public Duration shutdownPhaseTimeout() {
        Object v = value("spring.lifecycle.timeout-per-shutdown-phase");
        return v == null ? Duration.ofSeconds(30) : Durations.parse(v.toString());
    }

    public Object value(String dottedPath) {
        Object node = yaml;
        for (String key : dottedPath.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }
}
