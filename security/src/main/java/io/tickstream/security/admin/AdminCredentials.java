package io.tickstream.security.admin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;

/**
 * The admin rule of the whole suite, in one place: a request is an admin's when it carries
 * {@code Authorization: Bearer <jwt>} signed with the admin secret (HS256 only), not expired and with an
 * {@code exp} at all (a token that never expires is refused), not before its {@code nbf}, and with the
 * configured issuer if one is set; or {@code X-Admin-Key} equal to the admin API key (constant-time). A
 * token when present decides: a bad bearer token is not rescued by a key. Checking is CPU only (an HMAC),
 * so it is synchronous; the reasons given never contain the credentials.
 */
public final class AdminCredentials {

    /** The header carrying the admin API key. */
    public static final String API_KEY_HEADER = "X-Admin-Key";

    private final AdminSecurityProperties properties;
    private final byte[] apiKey;
    private final MACVerifier verifier;
    private final Clock clock;

    public AdminCredentials(AdminSecurityProperties properties) {
        this(properties, Clock.systemUTC());
    }

    AdminCredentials(AdminSecurityProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.apiKey = properties.apiKey().getBytes(StandardCharsets.UTF_8);
        try {
            this.verifier = properties.jwtSecret().isEmpty() ? null
                    : new MACVerifier(properties.jwtSecret().getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("tickstream.admin.jwt-secret is not a usable HS256 key", e);
        }
    }

    /** True when some credential can pass at all; false: every admin request is refused. */
    public boolean configured() {
        return properties.anyCredential();
    }

    /** The verdict on a request's headers. */
    public Verdict check(HttpHeaders headers) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return checkToken(authorization.substring(7).trim());
        }
        String key = headers.getFirst(API_KEY_HEADER);
        if (key != null) {
            return checkKey(key.trim());
        }
        return new Verdict.Refused(configured() ? "admin endpoints need a bearer token or the " + API_KEY_HEADER + " header"
                : "admin endpoints are closed: no admin credentials are configured");
    }

    /** The verdict on one bearer token. */
    public Verdict checkToken(String token) {
        if (verifier == null) {
            return new Verdict.Refused("bearer tokens are not accepted here (no admin token secret is configured)");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
                return new Verdict.Refused("invalid bearer token: admin tokens are signed with HS256");
            }
            if (!jwt.verify(verifier)) {
                return new Verdict.Refused("invalid bearer token: bad signature");
            }
            return checkClaims(jwt.getJWTClaimsSet());
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return new Verdict.Refused("invalid bearer token: malformed");
        }
    }

    /** The verdict on one admin API key. */
    public Verdict checkKey(String key) {
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        if (apiKey.length > 0 && MessageDigest.isEqual(apiKey, given)) {
            return new Verdict.Admin("admin-api-key");
        }
        return new Verdict.Refused("invalid admin API key");
    }

    private Verdict checkClaims(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return new Verdict.Refused("invalid bearer token: an admin token must expire ('exp' claim)");
        }
        if (exp.toInstant().plus(properties.clockSkew()).isBefore(now)) {
            return new Verdict.Refused("invalid bearer token: expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(properties.clockSkew()).isAfter(now)) {
            return new Verdict.Refused("invalid bearer token: not valid yet");
        }
        if (!properties.jwtIssuer().isEmpty() && !properties.jwtIssuer().equals(claims.getIssuer())) {
            return new Verdict.Refused("invalid bearer token: wrong issuer");
        }
        return new Verdict.Admin(claims.getSubject() == null ? "admin-token" : claims.getSubject());
    }

    /** What the credentials of a request amount to. */
    public sealed interface Verdict {

        /** An admin, named by the token's subject or {@code admin-api-key}. */
        record Admin(String principal) implements Verdict {
        }

        /** Not an admin; {@code reason} is safe to show to the caller (no credential in it). */
        record Refused(String reason) implements Verdict {
        }
    }
}
