package io.tickstream.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The repository's files as the checks read them: the root found from the working directory, YAML as maps. */
public final class RepositoryFiles {

    private RepositoryFiles() {
    }

    /** The repository root: the nearest directory up from the working directory that holds {@code deploy/}. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("deploy")) && Files.isRegularFile(dir.resolve("pom.xml"))
                    && Files.isDirectory(dir.resolve("deploy-checks"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("repository root (with deploy/ and deploy-checks/) not found above " + Path.of("").toAbsolutePath());
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file, each a map; empty documents are skipped. Merge keys ({@code <<}) are resolved. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> yamlDocuments(Path file) {
        return yamlDocuments(read(file), file.toString());
    }

    /** Every document of YAML text read from {@code origin} (named in errors), each a map; empty documents are skipped. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> yamlDocuments(String text, String origin) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : yaml().loadAll(text)) {
            if (doc == null) {
                continue;
            }
            if (!(doc instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(origin + ": a document is not a mapping: " + doc);
            }
            docs.add((Map<String, Object>) map);
        }
        return docs;
    }

    /** The single document of a YAML file. */
    public static Map<String, Object> yamlDocument(Path file) {
        List<Map<String, Object>> docs = yamlDocuments(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + " holds " + docs.size() + " documents, expected one");
        }
        return docs.getFirst();
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }
}
