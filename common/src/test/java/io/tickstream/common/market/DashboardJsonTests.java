package io.tickstream.common.market;

import io.tickstream.common.event.SourceState;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.tickstream.common.market.MarketFixtures.fearGreed;
import static io.tickstream.common.market.MarketFixtures.health;
import static io.tickstream.common.market.MarketFixtures.totals;
import static io.tickstream.common.market.TickerJsonTests.JSON;
import static io.tickstream.common.market.TickerJsonTests.names;
import static org.assertj.core.api.Assertions.assertThat;

class DashboardJsonTests {

    final MarketProjection projection = new MarketProjection();

    @Test
    void theDashboardMergesTheLatestSummaryOfEverySource() {
        projection.apply(totals("2400000000000.00", "54.2", 2_000));
        projection.apply(fearGreed(71, "Greed", 1_000));
        projection.apply(totals("2500000000000", "54.5", 3_000));

        JsonNode dashboard = DashboardJson.dashboard(projection);

        assertThat(JSON.writeValueAsString(dashboard)).isEqualTo("{\"totalMarketCapUsd\":\"2500000000000\","
                + "\"btcDominancePct\":\"54.5\",\"activeCryptocurrencies\":12000,\"fearGreedValue\":71,"
                + "\"fearGreedLabel\":\"Greed\",\"updatedAt\":{\"coingecko\":3000,\"feargreed\":1000}}");
    }

    @Test
    void aFieldGivenByTwoSourcesTakesTheNewerSourceTime() {
        projection.apply(fearGreed(20, "Fear", 5_000));
        projection.apply(new io.tickstream.common.event.MarketSummary(io.tickstream.common.event.EventMeta.of("x", "other", 4_000, 4_001,
                MarketFixtures.TRACEPARENT), null, null, null, null, null, null, 80, "Greed"));

        JsonNode dashboard = DashboardJson.dashboard(projection);

        assertThat(dashboard.get("fearGreedValue").asInt()).isEqualTo(20);
        assertThat(names(dashboard.get("updatedAt"))).containsExactly("feargreed", "other");
    }

    @Test
    void anOlderSummaryChangesNothingAndNoneIsNull() {
        assertThat(DashboardJson.dashboard(projection)).isNull();
        projection.apply(totals("2", "50", 2_000));
        projection.apply(totals("1", "40", 1_000));
        assertThat(DashboardJson.dashboard(projection).get("totalMarketCapUsd").asString()).isEqualTo("2");
    }

    @Test
    void healthHasTheLatestTransitionOfEverySourceInNameOrder() {
        assertThat(HealthJson.health(projection)).isNull();
        projection.apply(health("kraken", SourceState.RATE_LIMITED, SourceState.UP, 60_000L, 2_000));
        projection.apply(health("binance", SourceState.DOWN, SourceState.UP, null, 1_000));
        projection.apply(health("kraken", SourceState.UP, SourceState.DOWN, null, 1_500));

        assertThat(JSON.writeValueAsString(HealthJson.health(projection))).isEqualTo("{\"sources\":{"
                + "\"binance\":{\"state\":\"down\",\"previous\":\"up\",\"reason\":\"\",\"at\":1000},"
                + "\"kraken\":{\"state\":\"rate_limited\",\"previous\":\"up\",\"reason\":\"HTTP 429\",\"retryAfterMs\":60000,\"at\":2000}}}");
    }
}
