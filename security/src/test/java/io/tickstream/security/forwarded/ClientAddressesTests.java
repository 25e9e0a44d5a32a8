package io.tickstream.security.forwarded;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientAddressesTests {

    private static MockServerHttpRequest from(String peer, String... forwardedFor) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/ws")
                .remoteAddress(new InetSocketAddress(peer, 40000));
        for (String value : forwardedFor) {
            request.header("X-Forwarded-For", value);
        }
        return request.build();
    }

    @Test
    void withoutTrustedHopsTheHeaderIsIgnored() {
        assertThat(new ClientAddresses(0, "").of(from("10.0.0.7", "203.0.113.9"))).isEqualTo("10.0.0.7");
    }

    @Test
    void oneTrustedHopTakesTheAddressTheGatewayAppended() {
        ClientAddresses addresses = new ClientAddresses(1, "");
        assertThat(addresses.of(from("10.0.0.7", "203.0.113.9"))).isEqualTo("203.0.113.9");
        // a forged entry on the left does not choose the address
        assertThat(addresses.of(from("10.0.0.7", "6.6.6.6, 203.0.113.9"))).isEqualTo("203.0.113.9");
        assertThat(addresses.of(from("10.0.0.7", "6.6.6.6", "203.0.113.9"))).isEqualTo("203.0.113.9");
        assertThat(addresses.of(from("10.0.0.7"))).isEqualTo("10.0.0.7");
    }

    @Test
    void twoTrustedHopsReachPastAnIngress() {
        ClientAddresses addresses = new ClientAddresses(2, "");
        assertThat(addresses.of(from("10.0.0.7", "6.6.6.6, 198.51.100.4, 10.1.2.3"))).isEqualTo("198.51.100.4");
        assertThat(addresses.of(from("10.0.0.7", "198.51.100.4"))).isEqualTo("198.51.100.4");
    }

    @Test
    void theHeaderOfAnUntrustedPeerIsIgnored() {
        ClientAddresses addresses = new ClientAddresses(1, "10\\.\\d+\\.\\d+\\.\\d+");
        assertThat(addresses.of(from("10.0.0.7", "203.0.113.9"))).isEqualTo("203.0.113.9");
        assertThat(addresses.of(from("192.168.1.20", "203.0.113.9"))).isEqualTo("192.168.1.20");
    }

    @Test
    void overlongEntriesAndNegativeHopsAreRefused() {
        assertThat(new ClientAddresses(1, "").of(from("10.0.0.7", "x".repeat(200)))).isEqualTo("10.0.0.7");
        assertThatThrownBy(() -> new ClientAddresses(-1, "")).isInstanceOf(IllegalArgumentException.class);
    }
}
