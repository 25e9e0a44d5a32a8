package io.tickstream.ingest.fake;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * alternative.me {@code /fng/}, from {@code fake/feargreed/fng.json}: always the one latest reading
 * (whatever {@code limit} says), with the value and classification the test set, if any.
 */
final class FakeFearGreedApi implements FakeApi {

    static final String NAME = "feargreed";
    private static final JsonNode FNG = FakeMarket.fixture("feargreed/fng.json");

    private final FakeMarket market;

    FakeFearGreedApi(FakeMarket market) {
        this.market = market;
    }

    @Override
    public FakeResponse answer(RecordedRequest request) {
        if (!request.apiPath().equals("/fng/") && !request.apiPath().equals("/fng")) {
            return FakeResponse.json(404, "{\"error\":\"Not Found\"}");
        }
        JsonNode answer = FNG.deepCopy();
        market.fearGreed().ifPresent(reading -> {
            ObjectNode latest = (ObjectNode) answer.path("data").get(0);
            latest.put("value", Integer.toString(reading.value()));
            latest.put("value_classification", reading.classification());
        });
        if (market.liveTimes()) {
            ((ObjectNode) answer.path("data").get(0)).put("timestamp", Long.toString(Instant.now().getEpochSecond()));
        }
        return FakeResponse.json(200, FakeMarket.write(answer));
    }
}
