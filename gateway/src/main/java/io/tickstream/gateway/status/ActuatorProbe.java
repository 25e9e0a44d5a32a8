package io.tickstream.gateway.status;

import io.netty.channel.ChannelOption;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;

/**
 * Reads a service's actuator answers ({@code /actuator/health}, {@code /actuator/metrics/<name>}) as JSON,
 * bounded in time and size ({@link StatusProperties}). Any HTTP status is read: a health of {@code DOWN}
 * answers 503 with the body the page needs. A call that fails or times out is an {@link Answer} with an
 * error, never an error signal, so one silent service leaves the rest of the page intact.
 */
class ActuatorProbe {

    private final WebClient client;
    private final StatusProperties properties;
    private final JsonMapper json = JsonMapper.builder().build();

    ActuatorProbe(StatusProperties properties) {
        this.properties = properties;
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.timeout().toMillis()))
                .responseTimeout(properties.timeout());
        this.client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(Math.toIntExact(properties.maxBodySize().toBytes())))
                .build();
    }

    /** GET {@code base + path}: its JSON, or the reason there is none. */
    Mono<Answer> get(URI base, String path) {
        return client.get().uri(base.resolve(path)).accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("{}"))
                .map(body -> new Answer(json.readTree(body), null))
                .timeout(properties.timeout())
                .onErrorResume(e -> Mono.just(new Answer(null, e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()))));
    }

    /**
     * One answer.
     *
     * @param body  the JSON, null when the call failed
     * @param error why there is no JSON, null when there is
     */
    record Answer(JsonNode body, String error) {

        boolean ok() {
            return body != null;
        }

        /** {@code body.at(pointer)}; a missing node when the call failed. */
        JsonNode at(String pointer) {
            return body == null ? tools.jackson.databind.node.MissingNode.getInstance() : body.at(pointer);
        }
    }
}
