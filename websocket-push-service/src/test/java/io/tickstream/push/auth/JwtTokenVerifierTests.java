package io.tickstream.push.auth;

import io.tickstream.push.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class JwtTokenVerifierTests {

    private static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";

    private static JwtTokenVerifier verifier(boolean requireExpiry) {
        return new JwtTokenVerifier(new AuthProperties(AuthProperties.Mode.HMAC, SECRET, "", Duration.ofMinutes(5),
                Duration.ofSeconds(5), "", "", Duration.ofSeconds(30), requireExpiry), WebClient.builder());
    }

    @Test
    void aTokenWithoutExpiryIsRefusedByDefault() {
        StepVerifier.create(verifier(true).verify(TestTokens.hmacWithoutExpiry(SECRET, null)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidTokenException.class).hasMessageContaining("must expire"))
                .verify();
    }

    @Test
    void aTokenWithoutExpiryPassesOnlyWhenConfiguredAndThenNeverExpires() {
        StepVerifier.create(verifier(false).verify(TestTokens.hmacWithoutExpiry(SECRET, null)))
                .assertNext(principal -> assertThat(principal.expiresAt()).isEqualTo(Long.MAX_VALUE))
                .verifyComplete();
    }

    @Test
    void anExpiringTokenPassesEitherWay() {
        for (boolean require : new boolean[]{true, false}) {
            StepVerifier.create(verifier(require).verify(TestTokens.hmac(SECRET, Duration.ofMinutes(5), null)))
                    .assertNext(principal -> assertThat(principal.expiresAt()).isLessThan(Long.MAX_VALUE))
                    .verifyComplete();
        }
    }

    @Test
    void theSecretNeverPrints() {
        assertThat(new AuthProperties(AuthProperties.Mode.HMAC, SECRET, "", Duration.ofMinutes(5), Duration.ofSeconds(5), "", "",
                Duration.ofSeconds(30), true).toString()).doesNotContain(SECRET);
    }
}
