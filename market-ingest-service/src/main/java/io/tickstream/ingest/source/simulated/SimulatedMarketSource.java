package io.tickstream.ingest.source.simulated;

import io.tickstream.ingest.IngestProperties;
import io.tickstream.ingest.source.MarketSource;
import io.tickstream.ingest.source.QuoteObservation;
import io.tickstream.ingest.source.SourceSnapshot;
import io.tickstream.ingest.source.SummaryObservation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An offline demo market, no HTTP: every poll moves each tracked symbol one step of its
 * {@link RandomWalk} from a realistic start ({@link SimulatedAsset}) and reports USD quotes with 24h
 * change, volume, range and market cap, timed by the clock, plus a summary: total market cap (BTC and
 * ETH are taken as 70% of the market), total volume, BTC and ETH dominance, the cap-weighted 24h
 * change and a fear &amp; greed reading that follows BTC's 24h change. The walk is seeded with
 * {@value #SEED} combined with the symbol, so every run, and every instance, shows the same market;
 * it is enabled only by the {@code simulated} profile and is never a fallback for real data. Every
 * symbol is "listed": unknown ones start at 1 USD.
 */
@Component
@ConditionalOnProperty(prefix = "tickstream.ingest.sources.simulated", name = "enabled", havingValue = "true")
public final class SimulatedMarketSource implements MarketSource {

    static final String NAME = "simulated";
    /** The seed of the walk every simulated price follows. */
    public static final long SEED = 42;
    private static final String QUOTE = "USD";
    private static final double BTC_AND_ETH_SHARE = 0.70;

    private final List<String> symbols;
    private final Map<String, RandomWalk> walks = new LinkedHashMap<>();
    private final Clock clock;

    @Autowired
    SimulatedMarketSource(IngestProperties ingest, Clock clock) {
        this(ingest.symbols(), clock);
    }

    SimulatedMarketSource(List<String> symbols, Clock clock) {
        this.symbols = List.copyOf(symbols);
        this.clock = clock;
        for (String symbol : concat(this.symbols, List.of("BTC", "ETH"))) {
            walks.putIfAbsent(symbol, new RandomWalk(SimulatedAsset.of(symbol), SEED * 31 + symbol.hashCode()));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Mono<SourceSnapshot> fetch() {
        return Mono.fromCallable(this::step);
    }

    private synchronized SourceSnapshot step() {
        long now = clock.millis();
        walks.values().forEach(RandomWalk::step);
        List<QuoteObservation> quotes = new ArrayList<>();
        for (String symbol : symbols) {
            quotes.add(walks.get(symbol).quote(symbol, QUOTE, now));
        }
        return new SourceSnapshot(quotes, List.of(summary(now)), List.of());
    }

    private SummaryObservation summary(long now) {
        RandomWalk btc = walks.get("BTC");
        RandomWalk eth = walks.get("ETH");
        double btcCap = btc.marketCap();
        double ethCap = eth.marketCap();
        double total = (btcCap + ethCap) / BTC_AND_ETH_SHARE;
        double change = (btcCap * btc.change24hPct() + ethCap * eth.change24hPct()) / (btcCap + ethCap);
        int fearGreed = (int) Math.clamp(Math.round(50 + 8 * btc.change24hPct()), 1, 99);
        return new SummaryObservation(RandomWalk.usd(total), RandomWalk.usd(total * 0.035),
                percent(btcCap / total * 100), percent(ethCap / total * 100), percent(change), null,
                fearGreed, label(fearGreed), now);
    }

    /** alternative.me's classification bands. */
    static String label(int value) {
        if (value < 25) {
            return "Extreme Fear";
        }
        if (value < 45) {
            return "Fear";
        }
        if (value <= 55) {
            return "Neutral";
        }
        return value <= 75 ? "Greed" : "Extreme Greed";
    }

    private static BigDecimal percent(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
