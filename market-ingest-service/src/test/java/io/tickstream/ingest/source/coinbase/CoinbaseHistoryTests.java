package io.tickstream.ingest.source.coinbase;

import io.tickstream.ingest.fake.FakeMarketApis;
import io.tickstream.ingest.source.BarObservation;
import io.tickstream.ingest.source.SourceFixtures;
import io.tickstream.ingest.source.SourceProperties;
import io.tickstream.ingest.source.SourcesProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Coinbase's candles (newest first, [time, low, high, open, close, volume]) read into bars oldest first. */
class CoinbaseHistoryTests {

    private final FakeMarketApis fake = FakeMarketApis.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void onePageOfCandlesBecomesBarsOldestFirst() {
        SourceProperties coinbase = SourceFixtures.properties(fake.baseUrl("coinbase"));
        CoinbaseHistory history = new CoinbaseHistory(new SourcesProperties(coinbase, coinbase, coinbase, coinbase, coinbase, coinbase),
                SourceFixtures.httpClients(Clock.systemUTC()));
        long to = System.currentTimeMillis() / 60_000 * 60_000;
        long from = to - history.page().toMillis();
        List<BarObservation> bars = history.bars("BTC", from, to).block();
        assertThat(bars).hasSize(300).extracting(BarObservation::openTime).isSorted().doesNotHaveDuplicates();
        assertThat(bars.getFirst().openTime()).isEqualTo(from);
        BarObservation first = bars.getFirst();
        long o = 200 + (first.openTime() / 60_000) % 40;
        assertThat(first.open()).isEqualByComparingTo(BigDecimal.valueOf(o));
        assertThat(first.low()).isEqualByComparingTo(BigDecimal.valueOf(o - 2));
        assertThat(first.high()).isEqualByComparingTo(BigDecimal.valueOf(o + 2));
        assertThat(first.close()).isEqualByComparingTo(BigDecimal.valueOf(o + 1));
        assertThat(first.baseVolume()).isEqualByComparingTo("3.25");
        assertThat(first.quoteVolume()).isEqualByComparingTo(new BigDecimal("3.25").multiply(BigDecimal.valueOf(o + 1)));
        assertThat(fake.requests("coinbase").getFirst().apiPath()).isEqualTo("/products/BTC-USD/candles");
        assertThat(fake.requests("coinbase").getFirst().queryParam("granularity")).isEqualTo("60");
    }
}
