package io.tickstream.testkit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestServersIntegrationTests {

    @Test
    void redisIsFoundAndAnswers() {
        Endpoint redis = TestRedis.endpoint();
        assertThat(Reachability.redisAnswers(redis.host(), redis.port())).isTrue();
    }

    @Test
    void postgresIsFoundAndAccepts() {
        TestPostgres.Settings pg = TestPostgres.settings();
        assertThat(Reachability.accepts(pg.endpoint().host(), pg.endpoint().port())).isTrue();
        assertThat(pg.jdbcUrl()).startsWith("jdbc:postgresql://");
    }

    @Test
    void aClosedPortIsNotMistakenForAServer() {
        assertThat(Reachability.redisAnswers("127.0.0.1", 1)).isFalse();
        assertThat(Reachability.accepts("127.0.0.1", 1)).isFalse();
    }

    @Test
    void uniqueNamesDiffer() {
        assertThat(TestKeys.unique("s")).isNotEqualTo(TestKeys.unique("s")).startsWith("s:t-");
        assertThat(TestKeys.sqlName("t")).matches("t_[0-9a-f]{10}");
    }
}
