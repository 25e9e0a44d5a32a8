package io.tickstream.gateway.status;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The status of the suite as a user checks it before blaming their own code, collected from the services'
 * own actuator answers (no stream key or Redis structure is read here):
 * <pre>
 * {"status":"UP|DEGRADED|DOWN","generatedAt":"…",
 *  "services":{"market-ingest-service":{"status":"UP"},…,"stream-backup-service":{"status":"UNREACHABLE","error":"…"}},
 *  "sources":{"binance":{"mode":"polling","state":"up","polledHere":true,"lastGoodAgeMs":1200,"maxAgeMs":300000,"stale":false,"detail":""}},
 *  "data":{"stale":[],"symbolAgesMs":{"BTC":1800},"summaryAgeMs":25000,"quoteMaxAgeMs":120000,"summaryMaxAgeMs":900000},
 *  "archive":{"crypto:market_data":{"unarchived":0,"pending":0,"length":1200,"oldestPendingAgeSeconds":0}},
 *  "groups":{"backup":{…as archive…},"query":{"lag":0,"pending":0}},
 *  "deadLetters":{"backup":0,"query":0},
 *  "push":{"connections":12}}
 * </pre>
 * {@code sources} is the view of the ingest instance that answered (a source it does not poll shows
 * {@code polledHere:false}); {@code data} the query instance's. A figure a service did not give is
 * {@code null}. {@code status} is {@code DOWN} when a service is down or does not answer, {@code DEGRADED}
 * when one is degraded (stale data, a degraded tier), else {@code UP}.
 */
@Component
class StatusCollector {

    static final String INGEST = "market-ingest-service";
    static final String BACKUP = "stream-backup-service";
    static final String QUERY = "market-query-service";
    static final String PUSH = "websocket-push-service";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ActuatorProbe probe;
    private final Map<String, URI> services;
    private final Clock clock;
    private final Mono<ObjectNode> cached;

    StatusCollector(StatusProperties properties) {
        this.probe = new ActuatorProbe(properties);
        this.services = Map.of(INGEST, properties.ingestUri(), BACKUP, properties.backupUri(), QUERY, properties.queryUri(),
                PUSH, properties.pushUri());
        this.clock = Clock.systemUTC();
        this.cached = Mono.defer(this::collect).cache(properties.cacheFor());
    }

    /** The status, collected at most once per {@code cache-for} whoever asks. */
    Mono<ObjectNode> status() {
        return cached;
    }

    private Mono<ObjectNode> collect() {
        List<Mono<ActuatorProbe.Answer>> calls = List.of(
                health(INGEST), health(BACKUP), health(QUERY), health(PUSH),
                metric(QUERY, "tickstream.query.group.group.lag"), metric(QUERY, "tickstream.query.group.group.pending"),
                metric(QUERY, "tickstream.query.group.dlq"), metric(BACKUP, "tickstream.backup.dlq"),
                metric(PUSH, "tickstream.push.connections"));
        return Mono.zip(calls, answers -> build(java.util.Arrays.stream(answers).map(ActuatorProbe.Answer.class::cast).toList()));
    }

    private ObjectNode build(List<ActuatorProbe.Answer> a) {
        ActuatorProbe.Answer ingest = a.get(0), backup = a.get(1), query = a.get(2), push = a.get(3);
        ObjectNode root = JSON.objectNode();
        ObjectNode servicesNode = JSON.objectNode();
        servicesNode.set(INGEST, service(ingest));
        servicesNode.set(BACKUP, service(backup));
        servicesNode.set(QUERY, service(query));
        servicesNode.set(PUSH, service(push));
        root.put("status", overall(servicesNode));
        root.put("generatedAt", Instant.now(clock).toString());
        root.set("services", servicesNode);
        root.set("sources", sources(ingest));
        root.set("data", details(query, "freshness"));
        JsonNode archive = details(backup, "archive");
        root.set("archive", archive);
        ObjectNode groups = root.putObject("groups");
        groups.set("backup", archive);
        ObjectNode queryGroup = groups.putObject("query");
        queryGroup.set("lag", value(a.get(4)));
        queryGroup.set("pending", value(a.get(5)));
        ObjectNode dead = root.putObject("deadLetters");
        dead.set("backup", value(a.get(7)));
        dead.set("query", value(a.get(6)));
        root.putObject("push").set("connections", value(a.get(8)));
        return root;
    }

    /** Each source's freshness entry with its state's detail from {@code sources}. */
    private static JsonNode sources(ActuatorProbe.Answer ingest) {
        JsonNode freshness = ingest.at("/components/freshness/details/sources");
        if (!freshness.isObject()) {
            return JSON.nullNode();
        }
        ObjectNode sources = (ObjectNode) freshness.deepCopy();
        sources.properties().forEach(e -> {
            JsonNode detail = ingest.at("/components/sources/details/" + e.getKey() + "/detail");
            ((ObjectNode) e.getValue()).put("detail", detail.isString() ? detail.asString() : "");
        });
        return sources;
    }

    private static ObjectNode service(ActuatorProbe.Answer health) {
        ObjectNode node = JSON.objectNode();
        JsonNode status = health.at("/status");
        if (health.ok() && status.isString()) {
            node.put("status", status.asString());
        } else {
            node.put("status", "UNREACHABLE");
            node.put("error", health.ok() ? "no health status in the answer" : health.error());
        }
        return node;
    }

    private static String overall(ObjectNode services) {
        List<String> statuses = services.valueStream().map(s -> s.path("status").asString()).toList();
        if (statuses.stream().anyMatch(s -> !s.equals("UP") && !s.equals("DEGRADED") && !s.equals("UNKNOWN"))) {
            return "DOWN";
        }
        return statuses.contains("DEGRADED") ? "DEGRADED" : "UP";
    }

    private static JsonNode details(ActuatorProbe.Answer health, String component) {
        JsonNode details = health.at("/components/" + component + "/details");
        return details.isObject() ? details : JSON.nullNode();
    }

    /** The first measurement of an actuator metric, or null when the service did not give it. */
    private static JsonNode value(ActuatorProbe.Answer metric) {
        JsonNode v = metric.at("/measurements/0/value");
        return v.isNumber() ? JSON.numberNode(Math.round(v.asDouble())) : JSON.nullNode();
    }

    private Mono<ActuatorProbe.Answer> health(String service) {
        return probe.get(services.get(service), "/actuator/health");
    }

    private Mono<ActuatorProbe.Answer> metric(String service, String name) {
        return probe.get(services.get(service), "/actuator/metrics/" + name);
    }
}
