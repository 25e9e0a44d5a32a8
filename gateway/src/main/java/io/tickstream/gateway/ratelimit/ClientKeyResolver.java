package io.tickstream.gateway.ratelimit;

import org.springframework.cloud.gateway.support.ipresolver.RemoteAddressResolver;
import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;
import org.springframework.web.server.ServerWebExchange;

import java.net.InetSocketAddress;

/**
 * Whose bucket a request without an API key draws from: {@code ip:<address>} of the client, read from
 * {@code X-Forwarded-For} only as far as the configured trusted proxies reach. (A request with a key draws
 * from {@code key:<id>}, the key's own bucket: {@link RateLimitFilter}.)
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

    /** The API key the request carries; null when none. */
    String apiKey(ServerWebExchange exchange) {
        String apiKey = exchange.getRequest().getHeaders().getFirst(apiKeyHeader);
        return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    }

    /** The bucket of the client's address. */
    String resolve(ServerWebExchange exchange) {
        InetSocketAddress address = addresses.resolve(exchange);
        if (address == null) {
            return "ip:unknown";
        }
        return "ip:" + (address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString());
    }

}
