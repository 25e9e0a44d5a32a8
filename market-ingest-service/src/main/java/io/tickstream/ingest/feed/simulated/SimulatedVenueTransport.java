package io.tickstream.ingest.feed.simulated;

import io.tickstream.ingest.feed.FeedTransport;
import io.tickstream.ingest.source.simulated.RandomWalk;
import io.tickstream.ingest.source.simulated.SimulatedAsset;
import io.tickstream.ingest.source.simulated.SimulatedMarketSource;
import reactor.core.publisher.Flux;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One simulated venue of the offline market, speaking Binance's combined-stream format so that its frames take
 * the same path as a real feed's (decode, trade ids, buffers, append). Its prices follow the shared seeded walk
 * ({@link RandomWalk}) at an offset of its own plus noise; its clock lags by its latency; it trades at a Poisson
 * rate; now and then its connection drops and it stays down for a while (an outage), and some connection
 * attempts are refused as rate limited (HTTP 429), so the dashboard shows spreads, health changes and reconnects.
 */
public final class SimulatedVenueTransport implements FeedTransport {

    /**
     * One venue's character.
     *
     * @param name            its source name
     * @param offsetBps       its price's offset from the reference, in basis points
     * @param noiseBps        noise on each ticker, in basis points
     * @param latency         how far its event times lag
     * @param tradesPerSecond mean trades per second per symbol
     * @param meanUptime      mean time a connection lasts before the venue drops it
     * @param outage          how long it refuses connections after dropping one
     * @param refusedShare    share of connection attempts refused as rate limited
     */
    public record Venue(String name, double offsetBps, double noiseBps, Duration latency, double tradesPerSecond,
                        Duration meanUptime, Duration outage, double refusedShare) {
    }

    private final Venue venue;
    private final List<String> symbols;
    private final Duration tick;
    private final Clock clock;
    private final SplittableRandom random;
    private final Map<String, RandomWalk> walks = new LinkedHashMap<>();
    private final Map<String, Long> tradeIds = new LinkedHashMap<>();
    private volatile long downUntil;

    public SimulatedVenueTransport(Venue venue, List<String> symbols, Duration tick, Clock clock) {
        this.venue = venue;
        this.symbols = List.copyOf(symbols);
        this.tick = tick;
        this.clock = clock;
        this.random = new SplittableRandom(SimulatedMarketSource.SEED * 17 + venue.name().hashCode());
        for (String symbol : this.symbols) {
            // the reference walk every venue shares (same seed as the polled simulated source), offset per venue
            walks.put(symbol, new RandomWalk(SimulatedAsset.of(symbol), SimulatedMarketSource.SEED * 31 + symbol.hashCode()));
            tradeIds.put(symbol, 1_000_000L * (1 + Math.abs(venue.name().hashCode() % 9)));
        }
    }

    @Override
    public Flux<String> open(URI uri, List<String> subscriptions, Duration connectTimeout) {
        return Flux.defer(() -> {
            long now = clock.millis();
            if (now < downUntil) {
                return Flux.error(new IOException(venue.name() + " is down (simulated outage)"));
            }
            if (nextDouble() < venue.refusedShare()) {
                return Flux.error(new IOException("HTTP 429 Too Many Requests from " + venue.name() + " (simulated)"));
            }
            long uptimeMs = (long) (-Math.log(1 - nextDouble()) * venue.meanUptime().toMillis());
            long dropAt = now + Math.max(20_000, uptimeMs);
            return Flux.interval(Duration.ZERO, tick)
                    .concatMapIterable(n -> frames())
                    .takeUntil(frame -> clock.millis() >= dropAt)
                    .concatWith(Flux.defer(() -> {
                        downUntil = clock.millis() + venue.outage().toMillis();
                        return Flux.error(new IOException(venue.name() + " dropped the connection (simulated outage)"));
                    }));
        });
    }

    private synchronized double nextDouble() {
        return random.nextDouble();
    }

    private synchronized List<String> frames() {
        long now = clock.millis() - venue.latency().toMillis();
        List<String> frames = new ArrayList<>();
        for (String symbol : symbols) {
            RandomWalk walk = walks.get(symbol);
            walk.step();
            double price = walk.price() * (1 + (venue.offsetBps() + random.nextDouble(-1, 1) * venue.noiseBps()) / 10_000);
            String pair = (symbol + "USD").toLowerCase(Locale.ROOT);
            double spread = price * 0.0002;
            frames.add(ticker(pair, symbol, price, price - spread, price + spread, walk, now));
            int trades = poisson(venue.tradesPerSecond() * tick.toMillis() / 1000.0);
            for (int i = 0; i < trades; i++) {
                long id = tradeIds.merge(symbol, 1L, Long::sum);
                double at = price * (1 + random.nextDouble(-0.5, 0.5) / 10_000);
                double size = Math.max(0.0001, random.nextDouble() * 2_000 / price);
                frames.add("{\"stream\":\"%s@trade\",\"data\":{\"e\":\"trade\",\"E\":%d,\"s\":\"%s\",\"t\":%d,\"p\":\"%s\",\"q\":\"%s\",\"T\":%d,\"m\":%s}}"
                        .formatted(pair, now, pair.toUpperCase(Locale.ROOT), id, plain(RandomWalk.price(at)),
                                plain(BigDecimal.valueOf(size).setScale(6, java.math.RoundingMode.HALF_EVEN)), now,
                                random.nextBoolean()));
            }
        }
        return frames;
    }

    private String ticker(String pair, String symbol, double price, double bid, double ask, RandomWalk walk, long now) {
        var quote = walk.quote(symbol, "USD", now);
        return ("{\"stream\":\"%s@ticker\",\"data\":{\"e\":\"24hrTicker\",\"E\":%d,\"s\":\"%s\",\"P\":\"%s\",\"c\":\"%s\","
                + "\"b\":\"%s\",\"a\":\"%s\",\"h\":\"%s\",\"l\":\"%s\",\"q\":\"%s\"}}").formatted(pair, now,
                pair.toUpperCase(Locale.ROOT), plain(quote.change24hPct()), plain(RandomWalk.price(price)),
                plain(RandomWalk.price(bid)), plain(RandomWalk.price(ask)), plain(quote.high24h()), plain(quote.low24h()),
                plain(quote.volume24h()));
    }

    private int poisson(double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
