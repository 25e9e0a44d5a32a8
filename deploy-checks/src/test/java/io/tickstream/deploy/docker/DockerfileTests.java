package io.tickstream.deploy.docker;

import io.tickstream.deploy.RepositoryFiles;
import io.tickstream.deploy.ServiceFacts;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image build, read as text (no Docker engine here to build it): pinned base, non-root user, health
 * check, exec-form entrypoint, and build arguments that docker-compose.yml supplies.
 */
class DockerfileTests {

    private static final Path DOCKERFILE = RepositoryFiles.path("deploy/docker/Dockerfile");
    private static final String TEXT = RepositoryFiles.read(DOCKERFILE);

    @Test
    void runsAsANonRootUserWithAHealthCheckAndTheJvmAsPid1() {
        List<String> instructions = TEXT.lines().map(String::strip).filter(l -> !l.startsWith("#") && !l.isEmpty()).toList();
        String lastUser = instructions.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("");
        assertThat(lastUser).as("last USER").matches("USER [1-9][0-9]*(:[1-9][0-9]*)?");
        assertThat(instructions).anyMatch(l -> l.startsWith("HEALTHCHECK ") && l.contains("CMD [\"healthcheck\"]"));
        assertThat(instructions).anyMatch(l -> l.startsWith("ENTRYPOINT [\"java\""));
        assertThat(TEXT).contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError")
                .contains("-Djarmode=tools").contains("--layers");
        assertThat(Files.isExecutable(RepositoryFiles.path("deploy/docker/healthcheck.sh"))).isTrue();
    }

    @Test
    void baseImagesArePinned() {
        Matcher from = Pattern.compile("(?m)^ARG JAVA_IMAGE=(\\S+)$").matcher(TEXT);
        assertThat(from.find()).isTrue();
        assertThat(from.group(1)).matches("[^:]+:[^:]+").doesNotEndWith(":latest");
        assertThat(TEXT.lines().filter(l -> l.startsWith("FROM "))).allMatch(l -> l.startsWith("FROM ${JAVA_IMAGE}"));
    }

    @Test
    void composeSuppliesEveryBuildArgumentWithoutADefault() {
        Set<String> required = new TreeSet<>();
        Matcher arg = Pattern.compile("(?m)^ARG (\\w+)$").matcher(TEXT);
        while (arg.find()) {
            required.add(arg.group(1));
        }
        assertThat(required).contains("SERVICE", "PORT");
        Map<String, Object> services = map(RepositoryFiles.yamlDocument(RepositoryFiles.path("docker-compose.yml")).get("services"));
        for (ServiceFacts f : ServiceFacts.ALL) {
            Map<String, Object> build = map(map(services.get(f.name())).get("build"));
            assertThat(map(build.get("args")).keySet()).as(f.name()).containsAll(required);
        }
    }

    @Test
    void theBuildContextSendsOnlyTheJarsAndTheHealthCheck() {
        List<String> ignore = RepositoryFiles.read(RepositoryFiles.path(".dockerignore")).lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertThat(ignore).containsExactly("*", "!*/target/*-0.1.0-SNAPSHOT.jar", "!deploy/docker/healthcheck.sh");
        assertThat(TEXT).contains("COPY ${SERVICE}/target/${SERVICE}-${VERSION}.jar").contains("COPY deploy/docker/healthcheck.sh");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }
}
