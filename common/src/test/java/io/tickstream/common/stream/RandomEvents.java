package io.tickstream.common.stream;

import io.tickstream.common.event.Bar;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.SourceState;
import io.tickstream.common.event.Trade;
import io.tickstream.common.event.TradeSide;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;

/** Generates arbitrary valid events from a seed, for property tests of the codec. */
final class RandomEvents {

    private static final List<String> SYMBOLS = List.of("BTC", "ETH", "SOL", "DOGE", "SHIB", "PEPE", "1INCH", "USDT");
    private static final List<String> SOURCES = List.of("binance", "coingecko", "kraken", "coinbase", "consensus");

    private final Random random;

    RandomEvents(long seed) {
        this.random = new Random(seed);
    }

    MarketEvent next() {
        return switch (random.nextInt(5)) {
            case 0 -> quote();
            case 1 -> summary();
            case 2 -> trade();
            case 3 -> bar();
            default -> health();
        };
    }

    Quote quote() {
        BigDecimal low = positiveDecimal();
        BigDecimal high = low.add(positiveDecimal());
        Quote.Consensus consensus = random.nextBoolean() ? new Quote.Consensus(1 + random.nextInt(5), low, high) : null;
        return new Quote(meta(), pick(SYMBOLS), pick(List.of("USD", "USDT", "EUR")), positiveDecimal(),
                maybe(signedDecimal()), maybe(positiveDecimal()), maybe(positiveDecimal()),
                maybe(positiveDecimal()), maybe(positiveDecimal()), random.nextBoolean(), consensus,
                maybe(positiveDecimal()), maybe(positiveDecimal()));
    }

    Bar bar() {
        BigDecimal low = positiveDecimal();
        BigDecimal open = low.add(maybeZero());
        BigDecimal close = low.add(maybeZero());
        BigDecimal high = open.max(close).add(maybeZero());
        return new Bar(meta(), pick(SYMBOLS), pick(List.of("USD", "USDT")), pick(List.of(60, 300, 3600)), open, high, low,
                close, maybe(positiveDecimal()), maybe(positiveDecimal()), random.nextBoolean() ? (long) random.nextInt(100_000) : null);
    }

    private BigDecimal maybeZero() {
        return random.nextBoolean() ? BigDecimal.ZERO : positiveDecimal();
    }

    Trade trade() {
        TradeSide[] sides = TradeSide.values();
        return new Trade(meta(), pick(SYMBOLS), pick(List.of("USD", "USDT", "EUR")), positiveDecimal(), positiveDecimal(),
                sides[random.nextInt(sides.length)], random.nextBoolean() ? Long.toString(random.nextLong() & Long.MAX_VALUE)
                : java.util.UUID.randomUUID().toString());
    }

    MarketSummary summary() {
        return new MarketSummary(meta(), positiveDecimal(), maybe(positiveDecimal()), maybe(signedDecimal()),
                maybe(signedDecimal()), maybe(signedDecimal()), random.nextBoolean() ? random.nextInt(20000) : null,
                random.nextBoolean() ? random.nextInt(101) : null, random.nextBoolean() ? "Extreme Fear" : null);
    }

    SourceHealthChanged health() {
        SourceState[] states = SourceState.values();
        return new SourceHealthChanged(meta(), states[random.nextInt(states.length)],
                states[random.nextInt(states.length)], random.nextBoolean() ? "HTTP 429" : "",
                random.nextBoolean() ? (long) random.nextInt(120_000) : null);
    }

    private EventMeta meta() {
        long sourceTime = Math.abs(random.nextLong() % 4_000_000_000_000L);
        return EventMeta.of("id-" + random.nextLong(), pick(SOURCES), sourceTime, sourceTime + random.nextInt(10_000),
                "00-" + "%032x".formatted(new BigInteger(128, random)) + "-" + "%016x".formatted(random.nextLong()) + "-01");
    }

    /** Tiny (1e-18), huge (1e+30) and everyday magnitudes, with trailing zeros now and then. */
    private BigDecimal positiveDecimal() {
        BigInteger unscaled = new BigInteger(1 + random.nextInt(100), random).add(BigInteger.ONE);
        return new BigDecimal(unscaled, random.nextInt(40) - 12);
    }

    private BigDecimal signedDecimal() {
        BigDecimal value = positiveDecimal();
        return random.nextBoolean() ? value.negate() : value;
    }

    private BigDecimal maybe(BigDecimal value) {
        return random.nextBoolean() ? value : null;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
