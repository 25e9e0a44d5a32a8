package io.tickstream.ingest.feed;

import java.net.URI;
import java.util.List;

/**
 * What differs between venues' public WebSocket feeds: the URL, the subscription messages, the venue's
 * market names and how a frame decodes. One implementation per venue; connection handling, budgets and
 * the append path are shared ({@link FeedRunner}).
 */
public interface ExchangeProtocol {

    /** The source name the feed's events carry ({@code binance}). */
    String source();

    /** The venue's market for a tracked symbol against the quote currency. */
    FeedMarket market(String symbol, String quote);

    /** The URL to connect to for {@code markets} (Binance puts its streams in the URL). */
    URI uri(URI base, List<FeedMarket> markets);

    /** Text frames to send right after connecting (Coinbase and Kraken subscribe by message). */
    List<String> subscriptions(List<FeedMarket> markets);

    /** Streams one connection may carry at most; more markets are split over several connections. */
    default int maxStreamsPerConnection() {
        return Integer.MAX_VALUE;
    }

    /** Streams a market takes on a connection (a ticker and a trade stream: 2). */
    default int streamsPerMarket() {
        return 2;
    }

    /**
     * Decodes one text frame.
     *
     * @param frame      the frame's text
     * @param receivedAt when it arrived, epoch ms (the time of a ticker that carries none)
     * @param markets    the markets of this connection, by venue name
     * @throws io.tickstream.ingest.source.SourceCallException.Malformed when the frame is not what the venue documents
     */
    FeedMessage decode(String frame, long receivedAt, MarketsByVenueName markets);
}
