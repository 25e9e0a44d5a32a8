package io.tickstream.ingest.feed;

import io.tickstream.common.event.TradeSide;
import io.tickstream.ingest.source.QuoteObservation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** What one frame of an exchange feed said, after its protocol decoded it. */
public sealed interface FeedMessage {

    /** Ticker updates (best bid/ask where the feed gives them). */
    record Tickers(List<FeedTicker> tickers) implements FeedMessage {
        public Tickers {
            tickers = List.copyOf(tickers);
        }
    }

    /** Trades, in the order the feed sent them. */
    record Trades(List<FeedTrade> trades) implements FeedMessage {
        public Trades {
            trades = List.copyOf(trades);
        }
    }

    /** A sign of life without data (Kraken {@code heartbeat}, Coinbase {@code heartbeat}, a subscription ack). */
    record Heartbeat() implements FeedMessage {
    }

    /** The venue asks us to reconnect now (Binance {@code serverShutdown}). */
    record ReconnectNow(String reason) implements FeedMessage {
    }

    /** The venue refused something (a subscription error): logged and counted, the connection goes on. */
    record VenueError(String message) implements FeedMessage {
    }

    /**
     * One ticker.
     *
     * @param observation the quote as the feed gave it
     * @param bid         best bid, optional
     * @param ask         best ask, optional
     */
    record FeedTicker(QuoteObservation observation, BigDecimal bid, BigDecimal ask) {
        public FeedTicker {
            Objects.requireNonNull(observation, "observation");
        }

        /** The series the ticker belongs to: later ones of the same series replace it when the append lags. */
        String series() {
            return observation.symbol() + "/" + observation.quote();
        }
    }

    /**
     * One trade.
     *
     * @param symbol  canonical base asset
     * @param quote   quote currency
     * @param price   price
     * @param size    amount of the base asset
     * @param side    the taker's side
     * @param tradeId the venue's trade id
     * @param time    the venue's trade time, epoch ms
     */
    record FeedTrade(String symbol, String quote, BigDecimal price, BigDecimal size, TradeSide side, String tradeId,
                     long time) {

        /** The market the trade belongs to (its trade ids count up within it). */
        String market() {
            return symbol + "/" + quote;
        }

        /** The trade id as a number, -1 when it is none. */
        long numericId() {
            try {
                return Long.parseLong(tradeId);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
