package io.tickstream.deploy.k8s;

import io.tickstream.deploy.RepositoryFiles;
import io.tickstream.testkit.ExternalTool;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An overlay rendered by {@code kubectl kustomize}, the tool everyone applies the manifests with, as
 * a list of objects (maps). Aborts the calling check loudly where kubectl cannot be had
 * ({@link ExternalTool#require}).
 */
public final class Kustomize {

    private Kustomize() {
    }

    public static List<Map<String, Object>> render(Path directory) {
        String yaml = ExternalTool.KUBECTL.run(RepositoryFiles.root(), "kustomize", directory.toString())
                .orThrow("kubectl kustomize " + directory);
        return RepositoryFiles.yamlDocuments(yaml, directory.toString());
    }

    static String name(Map<String, Object> o) {
        return String.valueOf(((Map<?, ?>) o.get("metadata")).get("name"));
    }
}
