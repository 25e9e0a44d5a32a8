package io.tickstream.ingest.source.kraken;

import io.tickstream.ingest.IngestProperties;
import io.tickstream.ingest.fake.FakeMarketApis;
import io.tickstream.ingest.source.BarObservation;
import io.tickstream.ingest.source.SourceFixtures;
import io.tickstream.ingest.source.SourceProperties;
import io.tickstream.ingest.source.SourcesProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Kraken's OHLC: the last 720 minutes at most, under the pair's own result key, XBT for BTC. */
class KrakenHistoryTests {

    private final FakeMarketApis fake = FakeMarketApis.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void theLast720MinutesAtMostBecomeBars() {
        SourceProperties kraken = SourceFixtures.properties(fake.baseUrl("kraken"));
        KrakenHistory history = new KrakenHistory(new SourcesProperties(kraken, kraken, kraken, kraken, kraken, kraken),
                new IngestProperties(List.of("BTC"), "a"), SourceFixtures.httpClients(Clock.systemUTC()));
        assertThat(history.reach()).isLessThan(Duration.ofMinutes(720));
        long to = System.currentTimeMillis() / 60_000 * 60_000;
        List<BarObservation> bars = history.bars("BTC", to - history.reach().toMillis(), to).block();
        assertThat(bars).hasSize(719).extracting(BarObservation::openTime).isSorted().doesNotHaveDuplicates();
        BarObservation last = bars.getLast();
        long o = 300 + (last.openTime() / 60_000) % 30;
        assertThat(last.open()).isEqualByComparingTo(BigDecimal.valueOf(o));
        assertThat(last.low()).isEqualByComparingTo(BigDecimal.valueOf(o - 2));
        assertThat(last.quoteVolume()).isEqualByComparingTo(new BigDecimal("0.5").multiply(BigDecimal.valueOf(o)));
        assertThat(last.trades()).isEqualTo(4L);
        assertThat(fake.requests("kraken").getFirst().queryParam("pair")).isEqualTo("XBTUSD");
    }
}
