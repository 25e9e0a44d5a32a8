package io.tickstream.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver in the test JVM, standing in for a collector: the services export to
 * {@link #endpoint()} ({@code POST /v1/traces}, protobuf, optionally gzip) and the spans are kept in
 * memory, decoded, up to {@link #CAPACITY} (then counted as dropped) for the tests to ask about.
 */
final class TraceReceiver {

    static final int CAPACITY = 500_000;

    /** A received span: hex ids (parent empty for a root), its service's {@code service.name}, attributes as text. */
    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name, String kind,
                        Map<String, String> attributes) {

        String attribute(String key) {
            return attributes.get(key);
        }
    }

    private static final HexFormat HEX = HexFormat.of();

    private final HttpServer server;
    private final ConcurrentLinkedQueue<ReceivedSpan> spans = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();

    private TraceReceiver(HttpServer server) {
        this.server = server;
    }

    /** Listens on a free loopback port. */
    static TraceReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            TraceReceiver receiver = new TraceReceiver(server);
            server.createContext("/v1/traces", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the OTLP receiver", e);
        }
    }

    /** The OTLP/HTTP traces endpoint to give the services. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    /** Every span of {@code traceId} received so far. */
    List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    int received() {
        return count.get();
    }

    /** Export requests that did not decode (the tests expect none). */
    int rejected() {
        return rejected.get();
    }

    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            ExportTraceServiceRequest request;
            try (InputStream body = body(exchange)) {
                request = ExportTraceServiceRequest.parseFrom(body);
            } catch (IOException e) {
                rejected.incrementAndGet();
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            request.getResourceSpansList().forEach(this::keep);
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    private static InputStream body(HttpExchange exchange) throws IOException {
        InputStream body = exchange.getRequestBody();
        return "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                ? new GZIPInputStream(body) : body;
    }

    private void keep(ResourceSpans resourceSpans) {
        String service = text(resourceSpans.getResource(), "service.name");
        for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
            for (io.opentelemetry.proto.trace.v1.Span span : scope.getSpansList()) {
                if (count.incrementAndGet() > CAPACITY) {
                    dropped.incrementAndGet();
                    continue;
                }
                Map<String, String> attributes = new LinkedHashMap<>();
                span.getAttributesList().forEach(kv -> attributes.put(kv.getKey(), text(kv.getValue())));
                spans.add(new ReceivedSpan(service, HEX.formatHex(span.getTraceId().toByteArray()),
                        HEX.formatHex(span.getSpanId().toByteArray()), HEX.formatHex(span.getParentSpanId().toByteArray()),
                        span.getName(), span.getKind().name(), attributes));
            }
        }
    }

    private static String text(Resource resource, String key) {
        return resource.getAttributesList().stream().filter(kv -> kv.getKey().equals(key))
                .map(KeyValue::getValue).map(TraceReceiver::text).findFirst().orElse("");
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> value.toString();
        };
    }
}
