package io.tickstream.gateway.ratelimit;

import org.springframework.cloud.gateway.support.ipresolver.RemoteAddressResolver;
import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;
import org.springframework.web.server.ServerWebExchange;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Whose bucket a request draws from: {@code key:<sha-256 prefix>} of the API key when the client sends
 * one (the key itself never reaches Redis), else {@code ip:<address>} of the client, read from
 * {@code X-Forwarded-For} only as far as the configured trusted proxies reach.
 */
final class ClientKeyResolver {

    private final String apiKeyHeader;
    private final RemoteAddressResolver addresses;

    ClientKeyResolver(RateLimitProperties properties) {
        this.apiKeyHeader = properties.apiKeyHeader();
        this.addresses = properties.trustedProxyHops() > 0
                ? XForwardedRemoteAddressResolver.maxTrustedIndex(properties.trustedProxyHops())
                : new RemoteAddressResolver() { };
    }

    String resolve(ServerWebExchange exchange) {
        String apiKey = exchange.getRequest().getHeaders().getFirst(apiKeyHeader);
        if (apiKey != null && !apiKey.isBlank()) {
            return "key:" + sha256(apiKey.trim()).substring(0, 24);
        }
        InetSocketAddress address = addresses.resolve(exchange);
        if (address == null) {
            return "ip:unknown";
        }
        return "ip:" + (address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
