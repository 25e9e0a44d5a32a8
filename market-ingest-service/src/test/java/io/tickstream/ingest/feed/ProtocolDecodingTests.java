package io.tickstream.ingest.feed;

import io.tickstream.common.event.TradeSide;
import io.tickstream.ingest.feed.binance.BinanceFeedProtocol;
import io.tickstream.ingest.feed.coinbase.CoinbaseFeedProtocol;
import io.tickstream.ingest.feed.kraken.KrakenFeedProtocol;
import io.tickstream.ingest.source.SourceCallException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each venue's documented frames, decoded; and what is not theirs, refused as malformed. */
class ProtocolDecodingTests {

    private static final long NOW = 1_765_000_000_000L;

    @Test
    void binanceSplitsStreamsIntoTheUrlAndReadsTheCombinedWrapper() {
        BinanceFeedProtocol binance = new BinanceFeedProtocol();
        List<FeedMarket> markets = List.of(binance.market("BTC", "USDT"), binance.market("DOGE", "USDT"));
        assertThat(binance.uri(URI.create("wss://stream.binance.com:9443/"), markets)).hasToString(
                "wss://stream.binance.com:9443/stream?streams=btcusdt@ticker/btcusdt@trade/dogeusdt@ticker/dogeusdt@trade");
        assertThat(binance.maxStreamsPerConnection() / binance.streamsPerMarket()).isEqualTo(512);
        FeedMessage message = binance.decode(BinanceFeedIntegrationTests.trade("DOGEUSDT", 42, "0.1234", "1000", true, NOW),
                NOW, new MarketsByVenueName(markets));
        assertThat(message).isEqualTo(new FeedMessage.Trades(List.of(new FeedMessage.FeedTrade("DOGE", "USDT",
                new BigDecimal("0.1234"), new BigDecimal("1000"), TradeSide.SELL, "42", NOW))));
        assertThat(binance.decode("{\"e\":\"serverShutdown\",\"E\":1}", NOW, new MarketsByVenueName(markets)))
                .isInstanceOf(FeedMessage.ReconnectNow.class);
        assertThat(binance.decode("{\"result\":null,\"id\":1}", NOW, new MarketsByVenueName(markets)))
                .isInstanceOf(FeedMessage.Heartbeat.class);
        assertThatThrownBy(() -> binance.decode("{\"stream\":\"x\",\"data\":{}}", NOW, new MarketsByVenueName(markets)))
                .isInstanceOf(SourceCallException.Malformed.class);
    }

    @Test
    void coinbaseSubscribesToTickerMatchesAndHeartbeatAndTurnsTheMakerSideIntoTheTakers() {
        CoinbaseFeedProtocol coinbase = new CoinbaseFeedProtocol();
        List<FeedMarket> markets = List.of(coinbase.market("BTC", "USD"), coinbase.market("ETH", "USD"));
        assertThat(coinbase.subscriptions(markets)).containsExactly(
                "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],\"channels\":[\"ticker\",\"matches\",\"heartbeat\"]}");
        MarketsByVenueName byName = new MarketsByVenueName(markets);
        FeedMessage ticker = coinbase.decode("""
                {"type":"ticker","sequence":37475248783,"product_id":"ETH-USD","price":"1285.22","open_24h":"1310.79",\
                "volume_24h":"245532.79269678","low_24h":"1280.52","high_24h":"1313.8","best_bid":"1285.04",\
                "best_bid_size":"0.46688654","best_ask":"1285.27","best_ask_size":"1.56637040","side":"buy",\
                "time":"2022-10-19T23:28:22.061769Z","trade_id":370843401,"last_size":"11.4396987"}""", NOW, byName);
        FeedMessage.FeedTicker t = ((FeedMessage.Tickers) ticker).tickers().getFirst();
        assertThat(t.observation().symbol()).isEqualTo("ETH");
        assertThat(t.observation().price()).isEqualByComparingTo("1285.22");
        assertThat(t.bid()).isEqualByComparingTo("1285.04");
        assertThat(t.ask()).isEqualByComparingTo("1285.27");
        assertThat(t.observation().sourceTime()).isEqualTo(java.time.Instant.parse("2022-10-19T23:28:22.061Z").toEpochMilli());
        assertThat(t.observation().change24hPct()).isEqualByComparingTo("-1.950732");

        FeedMessage match = coinbase.decode("""
                {"type":"match","trade_id":10,"sequence":50,"maker_order_id":"ac928c66","taker_order_id":"132fb6ae",\
                "time":"2014-11-07T08:19:27.028459Z","product_id":"BTC-USD","size":"5.23512","price":"400.23","side":"sell"}""",
                NOW, byName);
        FeedMessage.FeedTrade trade = ((FeedMessage.Trades) match).trades().getFirst();
        assertThat(trade.side()).as("a resting sell was lifted: the taker bought").isEqualTo(TradeSide.BUY);
        assertThat(trade.tradeId()).isEqualTo("10");
        assertThat(coinbase.decode("{\"type\":\"error\",\"message\":\"Failed to subscribe\",\"reason\":\"FOO-BAR is not a valid product\"}",
                NOW, byName)).isEqualTo(new FeedMessage.VenueError("Failed to subscribe: FOO-BAR is not a valid product"));
        assertThat(coinbase.decode("{\"type\":\"heartbeat\",\"sequence\":90,\"last_trade_id\":20,\"product_id\":\"BTC-USD\"}",
                NOW, byName)).isInstanceOf(FeedMessage.Heartbeat.class);
        assertThatThrownBy(() -> coinbase.decode("{\"type\":\"match\",\"product_id\":\"BTC-USD\",\"trade_id\":\"x\"}", NOW, byName))
                .isInstanceOf(SourceCallException.Malformed.class);
    }

    @Test
    void krakenNumbersAreReadExactlyNeverThroughADouble() {
        KrakenFeedProtocol kraken = new KrakenFeedProtocol();
        List<FeedMarket> markets = List.of(kraken.market("BTC", "USD"));
        assertThat(kraken.subscriptions(markets)).containsExactly(
                "{\"method\":\"subscribe\",\"params\":{\"channel\":\"ticker\",\"snapshot\":false,\"symbol\":[\"BTC/USD\"]}}",
                "{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"snapshot\":true,\"symbol\":[\"BTC/USD\"]}}");
        MarketsByVenueName byName = new MarketsByVenueName(markets);
        FeedMessage ticker = kraken.decode("""
                {"channel":"ticker","type":"update","data":[{"symbol":"BTC/USD","bid":67012.123456789012345,"bid_qty":0.5,\
                "ask":67012.2,"ask_qty":1.0,"last":67012.123456789012345,"volume":1234.5,"vwap":67000.0,"low":66000.0,\
                "high":68000.0,"change":100.0,"change_pct":0.15}]}""", NOW, byName);
        FeedMessage.FeedTicker t = ((FeedMessage.Tickers) ticker).tickers().getFirst();
        assertThat(t.observation().price()).isEqualTo(new BigDecimal("67012.123456789012345"));
        assertThat(t.bid()).isEqualTo(new BigDecimal("67012.123456789012345"));
        assertThat(t.observation().volume24h()).isEqualByComparingTo("82711500");
        assertThat(t.observation().sourceTime()).as("no timestamp: the receive time").isEqualTo(NOW);

        FeedMessage trades = kraken.decode("""
                {"channel":"trade","type":"snapshot","data":[{"symbol":"BTC/USD","side":"sell","price":67012.1,"qty":0.00012345,\
                "ord_type":"market","trade_id":4665906,"timestamp":"2023-09-25T07:49:37.708706Z"},{"symbol":"BTC/USD",\
                "side":"buy","price":67012.2,"qty":1,"ord_type":"limit","trade_id":4665907,"timestamp":"2023-09-25T07:49:37.709Z"}]}""",
                NOW, byName);
        assertThat(((FeedMessage.Trades) trades).trades()).extracting(FeedMessage.FeedTrade::tradeId, FeedMessage.FeedTrade::side,
                FeedMessage.FeedTrade::size).containsExactly(
                org.assertj.core.groups.Tuple.tuple("4665906", TradeSide.SELL, new BigDecimal("0.00012345")),
                org.assertj.core.groups.Tuple.tuple("4665907", TradeSide.BUY, new BigDecimal("1")));
        assertThat(kraken.decode("{\"channel\":\"heartbeat\"}", NOW, byName)).isInstanceOf(FeedMessage.Heartbeat.class);
        assertThat(kraken.decode("{\"method\":\"subscribe\",\"success\":false,\"error\":\"Currency pair not supported\"}", NOW, byName))
                .isEqualTo(new FeedMessage.VenueError("Currency pair not supported"));
        assertThatThrownBy(() -> kraken.decode("{\"channel\":\"trade\",\"data\":{}}", NOW, byName))
                .isInstanceOf(SourceCallException.Malformed.class);
    }
}
