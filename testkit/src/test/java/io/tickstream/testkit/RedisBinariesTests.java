package io.tickstream.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisBinariesTests {

    @TempDir
    Path bin;

    @Test
    void aMissingServerNamesThePackageToInstall() {
        assertThatThrownBy(() -> RedisBinaries.server(bin.toString()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("apt-get install redis-server");
    }

    @Test
    void aMissingSentinelNamesThePackageToInstall() {
        assertThatThrownBy(() -> RedisBinaries.sentinel(bin.toString()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("apt-get install redis-sentinel");
    }

    @Test
    void withoutRedisSentinelTheServerRunsInSentinelMode() throws IOException {
        Path server = executable("redis-server");

        assertThat(RedisBinaries.sentinel(bin.toString()).apply(Path.of("/tmp/s.conf")))
                .containsExactly(server.toString(), "/tmp/s.conf", "--sentinel");
    }

    @Test
    void redisSentinelIsPreferred() throws IOException {
        executable("redis-server");
        Path sentinel = executable("redis-sentinel");

        assertThat(RedisBinaries.sentinel(bin.toString()).apply(Path.of("/tmp/s.conf")))
                .containsExactly(sentinel.toString(), "/tmp/s.conf");
    }

    private Path executable(String name) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
