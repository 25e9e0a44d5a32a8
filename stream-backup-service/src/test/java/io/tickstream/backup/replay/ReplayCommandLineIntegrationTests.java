package io.tickstream.backup.replay;

import io.tickstream.backup.BackupApplication;
import io.tickstream.backup.BackupFixtures;
import io.tickstream.backup.BackupHarness;
import io.tickstream.backup.archive.DecodedEntry;
import io.tickstream.testkit.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar stream-backup-service.jar replay --from=... --to=...}, minus the JVM exit. */
class ReplayCommandLineIntegrationTests {

    private final BackupHarness harness = new BackupHarness();

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void replaysTheRangeAndExitsWithZero() {
        harness.writer().write(IntStream.range(0, 250)
                .mapToObj(i -> new DecodedEntry("1-" + i, BackupFixtures.quote(i))).toList()).block();

        int exit = run("--from=" + Instant.ofEpochMilli(BackupFixtures.BASE_TIME),
                "--to=" + Instant.ofEpochMilli(BackupFixtures.BASE_TIME + 200), "--rate=10000");

        assertThat(exit).isZero();
        assertThat(harness.redisSync().xlen(harness.marketData())).isEqualTo(200);
        assertThat(harness.redisSync().exists(harness.marketData() + ":dlq")).isZero();
        // archiving is off in this mode: nobody consumed the replayed entries
        assertThat(harness.groupInfo(harness.marketData())).isEmpty();
    }

    @Test
    void aBadRequestExitsWithTwo() {
        assertThat(run("--from=yesterday", "--to=" + Instant.now())).isEqualTo(2);
    }

    private int run(String... args) {
        // program arguments, as the command line passes them: they outrank application.yml
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.data.redis.host", TestRedis.endpoint().host());
        properties.put("spring.data.redis.port", TestRedis.endpoint().port());
        properties.put("spring.r2dbc.url", harness.pg.r2dbcUrl());
        properties.put("spring.r2dbc.username", harness.pg.user());
        properties.put("spring.r2dbc.password", harness.pg.password());
        properties.put("spring.flyway.url", harness.pg.jdbcUrl());
        properties.put("spring.flyway.user", harness.pg.user());
        properties.put("spring.flyway.password", harness.pg.password());
        properties.put("tickstream.backup.schema.name", harness.schema.name());
        properties.put("tickstream.backup.streams.market-data", harness.streams.marketData());
        properties.put("tickstream.streams.partitions", harness.partitions.count());
        properties.put("tickstream.backup.streams.dashboard", harness.streams.dashboard());
        properties.put("tickstream.backup.streams.health", harness.streams.health());
        properties.put("tickstream.backup.streams.trades", harness.streams.trades());
        java.util.List<String> all = new java.util.ArrayList<>();
        properties.forEach((name, value) -> all.add("--" + name + "=" + value));
        all.addAll(java.util.List.of(args));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(BackupApplication.class)
                .run(ReplayCommandLine.arguments(all.toArray(String[]::new)));
        return SpringApplication.exit(context);
    }
}
