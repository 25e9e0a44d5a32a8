package io.tickstream.query;

import io.tickstream.testkit.OwnNettyResources;
import io.tickstream.testkit.StallWatchdog;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One running query service (a real server on a random port), for tests that need one or several in
 * one JVM. Each instance runs on Reactor Netty resources of its own (see {@link OwnNettyResources}),
 * and so do the clients it hands out.
 */
public final class QueryInstance implements AutoCloseable {

    /** The admin key every instance accepts ({@code X-Admin-Key}); {@link #client()} sends it. */
    public static final String ADMIN_KEY = "query-test-admin-key";

    private final ConfigurableApplicationContext context;
    private final int port;
    private final int managementPort;
    private final LoopResources clientLoops = LoopResources.create("query-test-client", 2, true);
    private final ConnectionProvider clientPool = ConnectionProvider.builder("query-test-client").maxConnections(200)
            .pendingAcquireTimeout(Duration.ofSeconds(20)).build();

    public QueryInstance(Map<String, Object> properties) {
        this(properties, List.of());
    }

    /** An instance whose context gets {@code initializers} first (e.g. to register a test bean). */
    public QueryInstance(Map<String, Object> properties, List<ApplicationContextInitializer<?>> initializers) {
        // as command-line arguments: they must win over application.yml (builder properties would not)
        // the actuator on a free port of its own and the admin key, unless the test says otherwise
        Map<String, Object> withDefaults = new java.util.LinkedHashMap<>(Map.of("management.server.port", 0,
                "tickstream.admin.api-key", ADMIN_KEY));
        withDefaults.putAll(properties);
        String[] args = withDefaults.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        this.context = new SpringApplicationBuilder(QueryApplication.class, OwnNettyResources.class)
                .initializers(initializers.toArray(ApplicationContextInitializer[]::new)).run(args);
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.managementPort = Integer.parseInt(context.getEnvironment().getProperty("local.management.port",
                Integer.toString(port)));
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A plain Reactor Netty client to this instance, on this instance's client resources. */
    public HttpClient http() {
        return HttpClient.create(clientPool).runOn(clientLoops).baseUrl(baseUrl());
    }

    /**
     * A test client to this instance, sending the admin key; a request still unanswered after 4 s dumps every
     * thread (evidence).
     */
    public WebTestClient client() {
        return anonymousClient().mutate().defaultHeader("X-Admin-Key", ADMIN_KEY).build();
    }

    /** A test client to this instance's actuator, on its management port. */
    public WebTestClient actuator() {
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(clientPool).runOn(clientLoops)))
                .baseUrl("http://127.0.0.1:" + managementPort).responseTimeout(Duration.ofSeconds(20)).build();
    }

    /** A test client to this instance without credentials. */
    public WebTestClient anonymousClient() {
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(clientPool).runOn(clientLoops)))
                .baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(20))
                .filter((request, next) -> Mono.using(
                        () -> StallWatchdog.watch(request.method() + " " + request.url(), Duration.ofSeconds(4)),
                        watch -> next.exchange(request),
                        StallWatchdog.Watch::close))
                .build();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
        clientPool.dispose();
        clientLoops.dispose();
    }
}
