package io.tickstream.gateway.security;

import io.tickstream.gateway.problem.ProblemResponses;
import io.tickstream.security.admin.AdminCredentials;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * {@code /admin/**} needs an admin by the suite's one rule ({@link AdminCredentials}, settings
 * {@code tickstream.admin.*}): a bearer JWT signed with the admin HMAC secret, or the admin API key; 401/403
 * are {@code application/problem+json}. The credentials go on to the service, which checks them again. The Spring Security chain runs for
 * {@code /admin/**} only: everything else is public, and the data path should not pay for a chain that
 * would only say yes. CORS (configured allowlist) is a plain {@link CorsWebFilter} for every path; the
 * security headers come from {@link SecurityHeadersFilter}. Plain quote reads skip Spring Security's
 * filter chain altogether ({@link SecurityChainScope}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, AdminCredentials credentials) {
        http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/admin/**"))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .cors(ServerHttpSecurity.CorsSpec::disable)
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((exchange, e) -> problem(exchange, HttpStatus.UNAUTHORIZED,
                                "admin routes need a bearer token or the X-Admin-Key header"))
                        .accessDeniedHandler((exchange, e) -> problem(exchange, HttpStatus.FORBIDDEN,
                                "admin routes need an admin")))
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(HttpMethod.OPTIONS, "/**").permitAll()
                        .anyExchange().hasAuthority("ROLE_ADMIN"));
        http.addFilterAt(AdminAuthentication.filter(credentials), SecurityWebFiltersOrder.AUTHENTICATION);
        return http.build();
    }

    /**
     * What Spring Security's firewall refuses (a path with encoded or non-normalized separators or dots,
     * a method it does not allow, control characters in a header) gets a 400 problem, not a bare status.
     */
    @Bean
    ServerExchangeRejectedHandler problemOnRefusedRequest() {
        return (exchange, refused) -> problem(exchange, HttpStatus.BAD_REQUEST,
                "request refused: the path must be normalized, without encoded separators or dots, and the method and"
                        + " headers plain HTTP");
    }

    /** Static: a bean post-processor, created before the configuration's other beans. */
    @Bean
    static SecurityChainScope securityChainScope() {
        return new SecurityChainScope();
    }

    static Mono<Void> problem(ServerWebExchange exchange, HttpStatus status, String detail) {
        return ProblemResponses.write(exchange, status, detail);
    }

    @Bean
    CorsWebFilter corsWebFilter(GatewaySecurityProperties security) {
        return new CorsWebFilter(cors(security.corsAllowedOrigins()));
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
