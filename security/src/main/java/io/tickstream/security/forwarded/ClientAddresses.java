package io.tickstream.security.forwarded;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The client address of a request behind proxies, by the gateway's rule: {@code X-Forwarded-For} counts only
 * as far as the configured number of trusted hops reaches from the right (each trusted proxy appends the
 * address it saw), so a client cannot choose its address by sending the header itself. With
 * {@code trustedHops} 0 the header is ignored and the TCP peer is the client. With a {@code trustedProxies}
 * pattern, the header is believed only when the TCP peer's address matches it (e.g. the gateway's pods), so a
 * caller that reaches the port directly is counted as itself.
 *
 * <p>Behind the gateway, a service's hops are the gateway's own {@code trusted-proxy-hops} plus one (the
 * gateway appends the address it saw).
 */
public final class ClientAddresses {

    /** Longest address taken from the header; anything longer is not an address. */
    static final int MAX_ADDRESS_LENGTH = 64;

    private final int trustedHops;
    private final Pattern trustedProxies;

    /**
     * @param trustedHops    proxies in front of this server that append to {@code X-Forwarded-For}; 0 ignores it
     * @param trustedProxies regular expression of the TCP peers whose header is believed; empty: any peer
     */
    public ClientAddresses(int trustedHops, String trustedProxies) {
        if (trustedHops < 0) {
            throw new IllegalArgumentException("trusted hops must not be negative");
        }
        this.trustedHops = trustedHops;
        this.trustedProxies = trustedProxies == null || trustedProxies.isBlank() ? null : Pattern.compile(trustedProxies);
    }

    /** The client's address; {@code unknown} when the server does not know it. */
    public String of(ServerHttpRequest request) {
        return of(request.getHeaders(), request.getRemoteAddress());
    }

    /** The client's address from a request's headers and TCP peer (e.g. a WebSocket's handshake info). */
    public String of(HttpHeaders headers, InetSocketAddress remote) {
        String peer = address(remote);
        if (trustedHops == 0 || (trustedProxies != null && !trustedProxies.matcher(peer).matches())) {
            return peer;
        }
        List<String> forwarded = forwardedFor(headers);
        if (forwarded.isEmpty()) {
            return peer;
        }
        String client = forwarded.get(forwarded.size() - Math.min(forwarded.size(), trustedHops));
        return client.length() > MAX_ADDRESS_LENGTH ? peer : client;
    }

    /** The address of a peer; {@code unknown} when there is none. */
    public static String address(InetSocketAddress remote) {
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    private static List<String> forwardedFor(HttpHeaders headers) {
        List<String> values = headers.get("X-Forwarded-For");
        List<String> addresses = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                for (String part : value.split(",")) {
                    String trimmed = part.trim();
                    if (!trimmed.isEmpty()) {
                        addresses.add(trimmed);
                    }
                }
            }
        }
        return addresses;
    }
}
