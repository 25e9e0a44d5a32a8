package io.tickstream.gateway.route;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RoutePropertiesTests {

    private static final URI UPSTREAM = URI.create("http://127.0.0.1:1");

    @Test
    void theUpstreamIdleTimeoutMayNotCutTheWaitForHeadersShort() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> routes(Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .withMessageContaining("tickstream.gateway.upstream-idle-timeout (PT4S) must be at least the routes' time limits");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> routes(Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofSeconds(30)))
                .withMessageContaining("admin.timeout PT30S");
    }

    @Test
    void anIdleTimeoutAsLongAsTheLongestTimeLimitIsAccepted() {
        assertThat(routes(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(2)).upstreamIdleTimeout())
                .isEqualTo(Duration.ofSeconds(5));
    }

    private static RouteProperties routes(Duration idle, Duration api, Duration admin) {
        return new RouteProperties(UPSTREAM, UPSTREAM, UPSTREAM, UPSTREAM, Duration.ofSeconds(2), idle,
                new RouteProperties.Upstream(api, 2, 20, 50, Duration.ofSeconds(10)),
                new RouteProperties.Upstream(admin, 2, 20, 50, Duration.ofSeconds(10)));
    }
}
