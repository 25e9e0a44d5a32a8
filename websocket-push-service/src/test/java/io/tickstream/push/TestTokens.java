package io.tickstream.push;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Duration;
import java.util.Date;

/** HS256 tokens for the handshake tests. */
public final class TestTokens {

    private TestTokens() {
    }

    /** A token signed with {@code secret}, valid for {@code validFor} (negative: expired), with {@code issuer} when not null. */
    public static String hmac(String secret, Duration validFor, String issuer) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("user-1").issuer(issuer)
                    .expirationTime(new Date(System.currentTimeMillis() + validFor.toMillis())).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token signed with {@code secret} and {@code issuer} that never expires (no {@code exp} claim). */
    public static String hmacWithoutExpiry(String secret, String issuer) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("user-1").issuer(issuer).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
