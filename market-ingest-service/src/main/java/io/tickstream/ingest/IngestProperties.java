package io.tickstream.ingest;

import io.tickstream.common.symbol.Symbols;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/**
 * What the ingest service tracks, under {@code tickstream.ingest.}.
 *
 * @param symbols    canonical base assets to track on every source (env
 *                   {@code TICKSTREAM_INGEST_SYMBOLS=BTC,ETH}); default BTC, ETH, SOL, XRP, DOGE, ADA,
 *                   LTC, LINK, DOT, AVAX
 * @param instanceId this instance's name in leases; default the host name plus a random suffix
 */
@Validated
@ConfigurationProperties("tickstream.ingest")
public record IngestProperties(
        @DefaultValue({"BTC", "ETH", "SOL", "XRP", "DOGE", "ADA", "LTC", "LINK", "DOT", "AVAX"})
        @NotEmpty List<String> symbols,
        @DefaultValue("") String instanceId) {

    public IngestProperties {
        symbols = symbols.stream().map(Symbols::canonical).distinct().toList();
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = hostName() + "-" + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 6);
        }
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "ingest";
        }
    }
}
