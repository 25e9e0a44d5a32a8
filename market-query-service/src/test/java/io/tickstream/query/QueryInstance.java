package io.tickstream.query;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One running query service (a real server on a random port), for tests that need one or several. */
public final class QueryInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final int port;

    public QueryInstance(Map<String, Object> properties) {
        this(properties, List.of());
    }

    /** An instance whose context gets {@code initializers} first (e.g. to register a test bean). */
    public QueryInstance(Map<String, Object> properties, List<ApplicationContextInitializer<?>> initializers) {
        // as command-line arguments: they must win over application.yml (builder properties would not)
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        this.context = new SpringApplicationBuilder(QueryApplication.class)
                .initializers(initializers.toArray(ApplicationContextInitializer[]::new)).run(args);
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(20)).build();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
