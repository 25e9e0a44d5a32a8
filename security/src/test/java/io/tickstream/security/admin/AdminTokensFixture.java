package io.tickstream.security.admin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Admin tokens for tests: signed with a given secret and algorithm, with or without {@code exp}. */
final class AdminTokensFixture {

    static final String SECRET = "an-admin-secret-of-at-least-32-bytes-xyz";
    static final String KEY = "admin-key-for-tests";

    private AdminTokensFixture() {
    }

    static String token(String secret, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String expiringIn(Duration ttl) {
        return token(SECRET, JWSAlgorithm.HS256, new JWTClaimsSet.Builder().subject("ops")
                .expirationTime(Date.from(Instant.now().plus(ttl))).build());
    }

    static AdminSecurityProperties properties(String secret, String issuer, String key) {
        return new AdminSecurityProperties(secret, issuer, key, Duration.ofSeconds(60));
    }
}
