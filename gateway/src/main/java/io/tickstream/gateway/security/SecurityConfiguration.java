package io.tickstream.gateway.security;

import io.tickstream.gateway.problem.ProblemResponses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /admin/**} needs an admin: a bearer JWT signed with the configured HMAC secret, or the admin
 * API key. Everything else is public and read-only in nature. Every answer carries the security headers
 * (CSP allowing only this origin and its WebSocket, no framing, no sniffing, no referrer); CORS
 * follows the configured allowlist; 401/403 are {@code application/problem+json}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, GatewaySecurityProperties security) {
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .cors(cors -> cors.configurationSource(cors(security.corsAllowedOrigins())))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                        .frameOptions(frame -> frame.mode(XFrameOptionsServerHttpHeadersWriter.Mode.DENY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.NO_REFERRER)))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((exchange, e) -> problem(exchange, HttpStatus.UNAUTHORIZED,
                                "admin routes need a bearer token or the X-Admin-Key header"))
                        .accessDeniedHandler((exchange, e) -> problem(exchange, HttpStatus.FORBIDDEN,
                                "admin routes need an admin")))
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(HttpMethod.OPTIONS, "/**").permitAll()
                        .pathMatchers("/admin/**").hasAuthority("ROLE_ADMIN")
                        .anyExchange().permitAll());
        if (!security.adminApiKey().isBlank()) {
            http.addFilterAt(AdminApiKeyAuthentication.filter(security.adminApiKey()), SecurityWebFiltersOrder.AUTHENTICATION);
        }
        if (!security.adminJwtSecret().isBlank()) {
            SecretKeySpec key = new SecretKeySpec(security.adminJwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(key)
                    .macAlgorithm(MacAlgorithm.HS256).build();
            http.oauth2ResourceServer(resource -> resource
                    .jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(AdminTokens::toAuthentication))
                    .authenticationEntryPoint((exchange, e) -> problem(exchange, HttpStatus.UNAUTHORIZED,
                            "invalid or expired bearer token")));
        }
        return http.build();
    }

    static Mono<Void> problem(ServerWebExchange exchange, HttpStatus status, String detail) {
        return ProblemResponses.write(exchange, status, detail);
    }

    private static UrlBasedCorsConfigurationSource cors(List<String> origins) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!origins.isEmpty()) {
            CorsConfiguration config = new CorsConfiguration();
            config.setAllowedOrigins(origins);
            config.setAllowedMethods(List.of("GET", "POST", "DELETE", "OPTIONS"));
            config.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-API-Key"));
            config.setExposedHeaders(List.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "Retry-After", "X-Tickstream-Stale"));
            config.setMaxAge(3600L);
            source.registerCorsConfiguration("/**", config);
        }
        return source;
    }
}
