package io.tickstream.push.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.tickstream.push.PushTestStreams;
import io.tickstream.push.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.time.Duration;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** JWT checked against keys from a JWKS endpoint (a local server here): RS256 signed by its key passes, others not. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwksHandshakeIntegrationTests {

    private static final PushTestStreams streams = new PushTestStreams();
    private static final RSAKey KEY = generate("key-1");
    private static final RSAKey OTHER = generate("key-1");
    private static final DisposableServer jwks = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.get("/.well-known/jwks.json", (request, response) -> response
                    .header("Content-Type", "application/json")
                    .sendString(Mono.just(new JWKSet(KEY.toPublicJWK()).toString()))))
            .bindNow();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        streams.properties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("tickstream.push.auth.mode", () -> "jwks");
        registry.add("tickstream.push.auth.jwks-uri", () -> "http://127.0.0.1:" + jwks.port() + "/.well-known/jwks.json");
        registry.add("tickstream.push.auth.audience", () -> "tickstream-push");
    }

    @LocalServerPort
    private int port;

    @AfterAll
    static void cleanUp() {
        jwks.disposeNow();
        streams.close();
    }

    @Test
    void aTokenSignedByAKeyOfTheSetConnectsAndOthersAreRefusedWith401() {
        try (WsClient client = connect(token(KEY, "tickstream-push"))) {
            client.send("{\"op\":\"ping\"}");
            assertThat(client.next(Duration.ofSeconds(5)).get("type").asString()).isEqualTo("pong");
        }
        assertThat(refusal(token(OTHER, "tickstream-push"))).as("same kid, another key").isEqualTo(401);
        assertThat(refusal(token(KEY, "someone-else"))).as("wrong audience").isEqualTo(401);
    }

    private WsClient connect(String token) {
        return WsClient.connect("ws://127.0.0.1:" + port + "/ws?access_token=" + token);
    }

    private int refusal(String token) {
        Throwable error = catchThrowable(() -> connect(token).close());
        assertThat(error).isNotNull();
        assertThat(error.getCause()).isInstanceOf(WebSocketClientHandshakeException.class);
        return ((WebSocketClientHandshakeException) error.getCause()).response().status().code();
    }

    private static String token(RSAKey key, String audience) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    new JWTClaimsSet.Builder().subject("user-2").audience(audience)
                            .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
