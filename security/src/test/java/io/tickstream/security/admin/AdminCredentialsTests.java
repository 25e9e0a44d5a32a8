package io.tickstream.security.admin;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static io.tickstream.security.admin.AdminTokensFixture.KEY;
import static io.tickstream.security.admin.AdminTokensFixture.SECRET;
import static io.tickstream.security.admin.AdminTokensFixture.expiringIn;
import static io.tickstream.security.admin.AdminTokensFixture.properties;
import static io.tickstream.security.admin.AdminTokensFixture.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminCredentialsTests {

    private final AdminCredentials both = new AdminCredentials(properties(SECRET, "", KEY));

    @Test
    void aSignedExpiringTokenIsAnAdmin() {
        assertThat(both.check(bearer(expiringIn(Duration.ofMinutes(5))))).isEqualTo(new AdminCredentials.Verdict.Admin("ops"));
    }

    @Test
    void theAdminKeyIsAnAdmin() {
        assertThat(both.check(header(AdminCredentials.API_KEY_HEADER, KEY)))
                .isEqualTo(new AdminCredentials.Verdict.Admin("admin-api-key"));
    }

    @Test
    void aWrongKeyOrNothingIsRefused() {
        assertThat(both.check(header(AdminCredentials.API_KEY_HEADER, KEY + "x"))).isInstanceOf(AdminCredentials.Verdict.Refused.class);
        assertThat(both.check(header(AdminCredentials.API_KEY_HEADER, ""))).isInstanceOf(AdminCredentials.Verdict.Refused.class);
        assertThat(both.check(new HttpHeaders())).isInstanceOf(AdminCredentials.Verdict.Refused.class);
    }

    @Test
    void tokensThatAreExpiredNeverExpireOrAreNotYetValidAreRefused() {
        assertThat(reason(both.check(bearer(expiringIn(Duration.ofMinutes(-5)))))).contains("expired");
        String forever = token(SECRET, JWSAlgorithm.HS256, new JWTClaimsSet.Builder().subject("ops").build());
        assertThat(reason(both.check(bearer(forever)))).contains("must expire");
        String later = token(SECRET, JWSAlgorithm.HS256, new JWTClaimsSet.Builder()
                .notBeforeTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(2)))).build());
        assertThat(reason(both.check(bearer(later)))).contains("not valid yet");
    }

    @Test
    void expiryIsToleratedWithinTheClockSkewOnly() {
        assertThat(both.check(bearer(expiringIn(Duration.ofSeconds(-30))))).isInstanceOf(AdminCredentials.Verdict.Admin.class);
        assertThat(both.check(bearer(expiringIn(Duration.ofSeconds(-90))))).isInstanceOf(AdminCredentials.Verdict.Refused.class);
    }

    @Test
    void tokensSignedWithAnotherSecretOrAlgorithmOrGarbageAreRefused() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
        assertThat(reason(both.check(bearer(token("another-secret-of-at-least-32-bytes-abc", JWSAlgorithm.HS256, claims)))))
                .contains("bad signature");
        String hs512Secret = SECRET + SECRET; // HS512 needs 64 bytes
        AdminCredentials longSecret = new AdminCredentials(properties(hs512Secret, "", ""));
        assertThat(reason(longSecret.check(bearer(token(hs512Secret, JWSAlgorithm.HS512, claims))))).contains("HS256");
        assertThat(reason(both.check(bearer("not.a.jwt")))).contains("malformed");
        // an unsigned token ("alg":"none") with valid-looking claims
        String none = new com.nimbusds.jwt.PlainJWT(claims).serialize();
        assertThat(both.check(bearer(none))).isInstanceOf(AdminCredentials.Verdict.Refused.class);
    }

    @Test
    void aBadTokenIsNotRescuedByAGoodKey() {
        HttpHeaders headers = bearer("not.a.jwt");
        headers.set(AdminCredentials.API_KEY_HEADER, KEY);
        assertThat(both.check(headers)).isInstanceOf(AdminCredentials.Verdict.Refused.class);
    }

    @Test
    void theIssuerIsCheckedWhenConfigured() {
        AdminCredentials issued = new AdminCredentials(properties(SECRET, "tickstream-ops", ""));
        Date exp = Date.from(Instant.now().plusSeconds(300));
        assertThat(issued.check(bearer(token(SECRET, JWSAlgorithm.HS256,
                new JWTClaimsSet.Builder().issuer("tickstream-ops").expirationTime(exp).build()))))
                .isInstanceOf(AdminCredentials.Verdict.Admin.class);
        assertThat(reason(issued.check(bearer(token(SECRET, JWSAlgorithm.HS256,
                new JWTClaimsSet.Builder().issuer("someone-else").expirationTime(exp).build()))))).contains("issuer");
        assertThat(reason(issued.check(bearer(expiringIn(Duration.ofMinutes(1)))))).contains("issuer");
    }

    @Test
    void withNothingConfiguredEverythingIsRefused() {
        AdminCredentials closed = new AdminCredentials(AdminSecurityProperties.closed());
        assertThat(closed.configured()).isFalse();
        assertThat(reason(closed.check(header(AdminCredentials.API_KEY_HEADER, "")))).contains("invalid");
        assertThat(reason(closed.check(new HttpHeaders()))).contains("closed");
        assertThat(reason(closed.check(bearer(expiringIn(Duration.ofMinutes(1)))))).contains("not accepted");
    }

    @Test
    void aShortSecretIsAConfigurationErrorAndSecretsNeverPrint() {
        assertThatThrownBy(() -> properties("short", "", "")).hasMessageContaining("32 bytes");
        assertThat(properties(SECRET, "", KEY).toString()).doesNotContain(SECRET).doesNotContain(KEY);
    }

    @Test
    void refusalsNeverRepeatTheCredentials() {
        String wrongToken = token("another-secret-of-at-least-32-bytes-abc", JWSAlgorithm.HS256,
                new JWTClaimsSet.Builder().expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        assertThat(reason(both.check(bearer(wrongToken)))).doesNotContain(wrongToken);
        assertThat(reason(both.check(header(AdminCredentials.API_KEY_HEADER, "guess-123")))).doesNotContain("guess-123");
    }

    private static String reason(AdminCredentials.Verdict verdict) {
        assertThat(verdict).isInstanceOf(AdminCredentials.Verdict.Refused.class);
        return ((AdminCredentials.Verdict.Refused) verdict).reason();
    }

    private static HttpHeaders bearer(String token) {
        return header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    private static HttpHeaders header(String name, String value) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(name, value);
        return headers;
    }
}
