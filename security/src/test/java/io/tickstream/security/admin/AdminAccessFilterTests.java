package io.tickstream.security.admin;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tickstream.security.admin.AdminTokensFixture.KEY;
import static io.tickstream.security.admin.AdminTokensFixture.SECRET;
import static io.tickstream.security.admin.AdminTokensFixture.expiringIn;
import static io.tickstream.security.admin.AdminTokensFixture.properties;
import static org.assertj.core.api.Assertions.assertThat;

class AdminAccessFilterTests {

    private final AtomicInteger adminCalls = new AtomicInteger();
    private final WebTestClient http = WebTestClient.bindToRouterFunction(RouterFunctions.route()
                    .POST("/admin/refresh", request -> {
                        adminCalls.incrementAndGet();
                        return ServerResponse.ok().bodyValue("refreshed");
                    })
                    .GET("/api/v1/quotes", request -> ServerResponse.ok().bodyValue("[]"))
                    .build())
            .webFilter(new AdminAccessFilter(new AdminCredentials(properties(SECRET, "", KEY))))
            .build();

    @Test
    void anAdminRequestWithoutCredentialsGetsA401ProblemAndNeverReachesTheHandler() {
        http.post().uri("/admin/refresh").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectBody().jsonPath("$.status").isEqualTo(401).jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("X-Admin-Key"));
        http.post().uri("/admin/refresh").header(AdminCredentials.API_KEY_HEADER, "guess").exchange().expectStatus().isUnauthorized();
        assertThat(adminCalls).hasValue(0);
    }

    @Test
    void anAdminKeyOrTokenOpensIt() {
        http.post().uri("/admin/refresh").header(AdminCredentials.API_KEY_HEADER, KEY).exchange()
                .expectStatus().isOk().expectBody(String.class).isEqualTo("refreshed");
        http.post().uri("/admin/refresh").header(HttpHeaders.AUTHORIZATION, "Bearer " + expiringIn(Duration.ofMinutes(1)))
                .exchange().expectStatus().isOk();
        assertThat(adminCalls).hasValue(2);
    }

    @Test
    void otherSpellingsOfAnAdminPathAreAdminPathsToo() {
        for (String path : new String[]{"/admin", "//admin/refresh", "/admin;x=1/refresh", "/%61dmin/refresh", "/ADMIN/refresh",
                "/admin/../admin/refresh"}) {
            http.post().uri(URI.create("http://localhost" + path)).exchange().expectStatus().isUnauthorized();
        }
        assertThat(adminCalls).hasValue(0);
    }

    @Test
    void otherPathsPassWithoutCredentials() {
        http.get().uri("/api/v1/quotes").exchange().expectStatus().isOk();
        http.get().uri("/administrator").exchange().expectStatus().isNotFound();
    }
}
