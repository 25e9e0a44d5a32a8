package io.tickstream.push;

import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.tickstream.testkit.OwnNettyResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances tail the same streams on their own: each delivers every update to its clients, no
 * sticky sessions. Stopping one sends its clients a going-away close (1001); they resume on the other
 * with {@code since} and miss nothing.
 */
class PushTwoInstancesIntegrationTests {

    private static final PushTestStreams streams = new PushTestStreams();
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() {
        first = instance();
        second = instance();
        // start-up waits for each tailer's first warm-up: both answer with the streams' state from the start
    }

    @AfterAll
    static void stop() {
        if (first.isActive()) {
            first.close();
        }
        second.close();
        streams.close();
    }

    private static ConfigurableApplicationContext instance() {
        Map<String, Object> properties = new HashMap<>(streams.properties());
        properties.put("server.port", "0");
        properties.put("management.server.port", "0");
        properties.put("spring.main.banner-mode", "off");
        // as arguments: they must win over application.yml (builder properties are only defaults)
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(PushApplication.class, OwnNettyResources.class).run(args);
    }

    private static String url(ConfigurableApplicationContext context) {
        return "ws://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort() + "/ws";
    }

    @Test
    void bothInstancesDeliverEveryUpdateAndAStoppedOneSendsItsClientsToTheOther() throws InterruptedException {
        try (WsClient a = WsClient.connect(url(first)); WsClient b = WsClient.connect(url(second))) {
            a.send("{\"op\":\"subscribe\",\"channels\":[\"ticker:DUO\"]}");
            b.send("{\"op\":\"subscribe\",\"channels\":[\"ticker:DUO\"]}");
            JsonNode snapshot = a.next(Duration.ofSeconds(5));
            assertThat(b.next(Duration.ofSeconds(5)).get("epoch").asString()).as("one epoch for both").isEqualTo(snapshot.get("epoch").asString());
            Thread.sleep(300); // both tailers are past their warm-up

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ids.add(streams.append(PushFixtures.quote("DUO", "binance", Integer.toString(100 + i))));
            }
            assertThat(offsets(a, 50)).isEqualTo(ids);
            assertThat(offsets(b, 50)).isEqualTo(ids);

            String epoch = snapshot.get("epoch").asString();
            first.close();
            WebSocketCloseStatus status = a.closeStatus(Duration.ofSeconds(10));
            assertThat(status).isNotNull();
            assertThat(status.code()).isEqualTo(1001);

            List<String> missed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                missed.add(streams.append(PushFixtures.quote("DUO", "kraken", Integer.toString(200 + i))));
            }
            assertThat(offsets(b, 3)).isEqualTo(missed);
            try (WsClient resumed = WsClient.connect(url(second))) {
                resumed.send("{\"op\":\"subscribe\",\"channels\":[\"ticker:DUO\"],\"since\":\"" + ids.getLast() + "\",\"epoch\":\"" + epoch + "\"}");
                JsonNode answer = resumed.next(Duration.ofSeconds(5));
                assertThat(answer.get("type").asString()).isEqualTo("subscribed");
                assertThat(answer.get("recovered").asBoolean()).isTrue();
                assertThat(offsets(resumed, 3)).isEqualTo(missed);
            }
        }
    }

    private static List<String> offsets(WsClient client, int count) {
        List<String> offsets = new ArrayList<>();
        while (offsets.size() < count) {
            JsonNode message = client.next(Duration.ofSeconds(5));
            if (message.get("type").asString().equals("update")) {
                offsets.add(message.get("offset").asString());
            }
        }
        return offsets;
    }
}
