package io.tickstream.push.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

/**
 * JWT checks with Nimbus: HMAC with a shared secret, or keys from a JWKS endpoint fetched without
 * blocking (WebClient) and kept for {@code jwksRefresh}; a failed fetch is not cached. Signature,
 * {@code exp} (required unless {@code require-expiry: false}), {@code nbf} and the configured
 * {@code iss}/{@code aud} are checked.
 */
@Component
class JwtTokenVerifier implements TokenVerifier {

    private final AuthProperties properties;
    private final Mono<DefaultJWTProcessor<SecurityContext>> processor;

    JwtTokenVerifier(AuthProperties properties, WebClient.Builder web) {
        this.properties = properties;
        this.processor = switch (properties.mode()) {
            case NONE -> Mono.empty();
            case HMAC -> {
                byte[] secret = properties.secret().getBytes(StandardCharsets.UTF_8);
                if (secret.length < 32) {
                    throw new IllegalStateException("tickstream.push.auth.secret must be at least 32 bytes for HMAC");
                }
                DefaultJWTProcessor<SecurityContext> hmac = processor(new JWSVerificationKeySelector<>(
                        Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512), new ImmutableSecret<>(secret)));
                yield Mono.just(hmac);
            }
            case JWKS -> {
                if (properties.jwksUri().isBlank()) {
                    throw new IllegalStateException("tickstream.push.auth.jwks-uri is required in jwks mode");
                }
                WebClient client = web.build();
                yield client.get().uri(properties.jwksUri()).retrieve().bodyToMono(String.class)
                        .timeout(properties.jwksTimeout())
                        .map(JwtTokenVerifier::parseKeys)
                        .map(keys -> processor(new JWSVerificationKeySelector<>(
                                Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.ES256,
                                        JWSAlgorithm.ES384, JWSAlgorithm.PS256), new ImmutableJWKSet<>(keys))))
                        .cache(p -> properties.jwksRefresh(), e -> java.time.Duration.ZERO, () -> java.time.Duration.ZERO);
            }
        };
    }

    @Override
    public boolean required() {
        return properties.mode() != AuthProperties.Mode.NONE;
    }

    @Override
    public Mono<TokenPrincipal> verify(String token) {
        if (token == null || token.isBlank()) {
            return Mono.error(new InvalidTokenException("a bearer token is required"));
        }
        return processor
                .onErrorMap(e -> new InvalidTokenException("signing keys unavailable"))
                .map(p -> {
                    try {
                        JWTClaimsSet claims = p.process(token, null);
                        Date exp = claims.getExpirationTime();
                        return new TokenPrincipal(claims.getSubject() == null ? "anonymous" : claims.getSubject(),
                                exp == null ? Long.MAX_VALUE : exp.getTime());
                    } catch (ParseException e) {
                        throw new InvalidTokenException("malformed token");
                    } catch (BadJOSEException e) {
                        String reason = e.getMessage().toLowerCase();
                        throw new InvalidTokenException(reason.contains("expired") ? "token expired"
                                : reason.contains("missing required claims") && reason.contains("exp")
                                ? "a token must expire ('exp' claim)" : "invalid token");
                    } catch (JOSEException e) {
                        throw new InvalidTokenException("invalid token");
                    }
                });
    }

    private DefaultJWTProcessor<SecurityContext> processor(JWSVerificationKeySelector<SecurityContext> keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keys);
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (!properties.issuer().isBlank()) {
            exact.issuer(properties.issuer());
        }
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                properties.audience().isBlank() ? null : properties.audience(), exact.build(),
                properties.requireExpiry() ? new HashSet<>(Set.of("exp")) : new HashSet<>());
        claims.setMaxClockSkew((int) properties.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }

    private static JWKSet parseKeys(String json) {
        try {
            return JWKSet.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("JWKS is not a key set: " + e.getMessage(), e);
        }
    }
}
