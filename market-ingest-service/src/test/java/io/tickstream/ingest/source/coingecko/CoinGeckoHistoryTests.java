package io.tickstream.ingest.source.coingecko;

import io.tickstream.ingest.fake.FakeMarketApis;
import io.tickstream.ingest.source.BarObservation;
import io.tickstream.ingest.source.SourceFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CoinGecko's 5-minute price points of the last day read into one-tick minute candles, decimals exact. */
class CoinGeckoHistoryTests {

    private final FakeMarketApis fake = FakeMarketApis.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    private CoinGeckoHistory history() {
        return new CoinGeckoHistory(SourceFixtures.properties(fake.baseUrl("coingecko")), SourceFixtures.httpClients(Clock.systemUTC()));
    }

    @Test
    void theLastDaysPricePointsBecomeMinuteCandlesOldestFirstWithoutTheCurrentMinute() {
        CoinGeckoHistory history = history();
        assertThat(history.reach()).isEqualTo(history.page()).hasDays(1);
        long to = System.currentTimeMillis() / 60_000 * 60_000;
        List<BarObservation> bars = history.bars("BTC", to - history.reach().toMillis(), to).block();

        assertThat(bars).hasSizeBetween(286, 288).extracting(BarObservation::openTime).isSorted().doesNotHaveDuplicates()
                .allMatch(t -> t % 60_000 == 0, "on minute boundaries").allMatch(t -> t < to, "closed minutes only");
        BarObservation first = bars.getFirst();
        BigDecimal price = new BigDecimal(1000 + (first.openTime() / 60_000) % 60 + ".123456789");
        assertThat(first.open()).isEqualTo(price); // exact, scale included: never through a double
        assertThat(List.of(first.high(), first.low(), first.close())).containsOnly(price);
        assertThat(first.baseVolume()).isNull();
        assertThat(first.quoteVolume()).isNull();
        assertThat(first.trades()).isNull();
        assertThat(first.quote()).isEqualTo("USD");
        assertThat(fake.requests("coingecko")).singleElement().satisfies(r -> {
            assertThat(r.apiPath()).isEqualTo("/coins/bitcoin/market_chart");
            assertThat(r.queryParam("vs_currency")).isEqualTo("usd");
            assertThat(r.queryParam("days")).isEqualTo("1");
        });
    }

    @Test
    void aRangeInsideTheDayKeepsOnlyItsMinutesAndASymbolCoinGeckoDoesNotKnowAsksNothing() {
        long to = System.currentTimeMillis() / 60_000 * 60_000;
        List<BarObservation> hour = history().bars("ETH", to - 3_600_000, to).block();
        assertThat(hour).hasSizeBetween(11, 12).allMatch(b -> b.openTime() >= to - 3_600_000 && b.openTime() < to);

        assertThat(history().bars("NOTACOIN", to - 3_600_000, to).block()).isEmpty();
        assertThat(fake.requests("coingecko")).hasSize(1);
    }
}
