package io.tickstream.ingest.fake;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeMarketApisTests {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private FakeMarketApis fake;

    @BeforeEach
    void start() {
        fake = FakeMarketApis.start();
    }

    @AfterEach
    void stop() {
        fake.close();
        http.close();
    }

    @Test
    void servesEveryApiUnderItsBaseUrlAtItsDocumentedPath() throws Exception {
        assertThat(get("coingecko", "/coins/markets?vs_currency=usd&ids=bitcoin").body().path(0).path("id").asString())
                .isEqualTo("bitcoin");
        assertThat(get("coingecko", "/global").body().path("data").path("active_cryptocurrencies").asInt()).isEqualTo(14123);
        assertThat(get("binance", "/api/v3/ticker/24hr?symbol=BTCUSDT").body().path("lastPrice").asString())
                .isEqualTo("67187.33000000");
        assertThat(get("kraken", "/0/public/Ticker?pair=XBTUSD").body().path("result").propertyNames())
                .containsExactly("XXBTZUSD");
        assertThat(get("coinbase", "/products/BTC-USD/ticker").body().path("price").asString()).isEqualTo("67187.33");
        assertThat(get("feargreed", "/fng/?limit=1").body().path("data").path(0).path("value").asString()).isEqualTo("72");
        assertThat(fake.baseUrl("coingecko")).isEqualTo("http://127.0.0.1:" + fake.port() + "/coingecko/api/v3");
    }

    @Test
    void setPriceChangesThePriceOfEveryApiExactly() throws Exception {
        fake.setPrice("BTC", "70000.10");

        assertThat(get("coingecko", "/coins/markets?vs_currency=usd&ids=bitcoin").body().path(0).path("current_price").decimalValue())
                .isEqualTo("70000.10");
        assertThat(get("binance", "/api/v3/ticker/24hr?symbol=BTCUSDT").body().path("lastPrice").asString()).isEqualTo("70000.10");
        assertThat(get("kraken", "/0/public/Ticker?pair=XBTUSD").body().path("result").path("XXBTZUSD").path("c").path(0).asString())
                .isEqualTo("70000.10");
        assertThat(get("coinbase", "/products/BTC-USD/ticker").body().path("price").asString()).isEqualTo("70000.10");
    }

    @Test
    void reportsUnknownSymbolsTheWayEachApiDoes() throws Exception {
        assertThat(get("coingecko", "/coins/markets?vs_currency=usd&ids=bitcoin,no-such-coin").body()).hasSize(1);

        Answer binance = get("binance", "/api/v3/ticker/24hr?symbols=%5B%22BTCUSDT%22%2C%22FOOUSDT%22%5D");
        assertThat(binance.status()).isEqualTo(400);
        assertThat(binance.body().path("code").asInt()).isEqualTo(-1121);

        Answer kraken = get("kraken", "/0/public/Ticker?pair=XBTUSD,FOOUSD");
        assertThat(kraken.status()).isEqualTo(200);
        assertThat(kraken.body().path("error").path(0).asString()).isEqualTo("EQuery:Unknown asset pair");

        Answer coinbase = get("coinbase", "/products/FOO-USD/ticker");
        assertThat(coinbase.status()).isEqualTo(404);
        assertThat(coinbase.body().path("message").asString()).isEqualTo("NotFound");
    }

    @Test
    void unlistMakesOneApiTreatAListedSymbolAsUnknown() throws Exception {
        fake.unlist("binance", "ETH");

        assertThat(get("binance", "/api/v3/ticker/24hr?symbol=ETHUSDT").status()).isEqualTo(400);
        assertThat(get("coinbase", "/products/ETH-USD/ticker").status()).isEqualTo(200);
    }

    @Test
    void givesQueuedFaultsToMatchingPathsInOrderThenAnswersNormally() throws Exception {
        fake.failNext("binance", 2, Fault.status(429).header("Retry-After", "7"))
                .failNext("/coingecko/api/v3/global", Fault.status(503));

        Answer first = get("binance", "/api/v3/ticker/24hr?symbol=BTCUSDT");
        assertThat(first.status()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(get("coingecko", "/coins/markets?vs_currency=usd&ids=bitcoin").status()).isEqualTo(200);
        assertThat(get("coingecko", "/global").status()).isEqualTo(503);
        assertThat(get("binance", "/api/v3/ticker/24hr?symbol=BTCUSDT").status()).isEqualTo(429);
        assertThat(fake.pendingFaults()).isZero();
        assertThat(get("binance", "/api/v3/ticker/24hr?symbol=BTCUSDT").status()).isEqualTo(200);
    }

    @Test
    void malformedAndEmptyAnswersAreHttp200() throws Exception {
        fake.failNext("feargreed", Fault.malformedJson()).failNext("feargreed", Fault.emptyBody());

        HttpResponse<String> malformed = raw("feargreed", "/fng/");
        HttpResponse<String> empty = raw("feargreed", "/fng/");

        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> FakeMarket.parse(malformed.body())).isNotNull();
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).isEmpty();
    }

    @Test
    void delaysAnAnswerPastTheClientTimeout() {
        fake.failNext("kraken", Fault.delay(Duration.ofSeconds(5)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.baseUrl("kraken") + "/0/public/Ticker?pair=XBTUSD"))
                .timeout(Duration.ofMillis(200)).build();

        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void recordsRequestsWithDecodedQueryAndHeaders() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.baseUrl("binance")
                        + "/api/v3/ticker/24hr?symbols=%5B%22BTCUSDT%22%5D"))
                .header("X-Test", "yes").build();
        http.send(request, HttpResponse.BodyHandlers.ofString());
        get("coinbase", "/products/BTC-USD/ticker");

        assertThat(fake.requestCount("binance")).isOne();
        RecordedRequest recorded = fake.requests("binance").getFirst();
        assertThat(recorded.path()).isEqualTo("/binance/api/v3/ticker/24hr");
        assertThat(recorded.apiPath()).isEqualTo("/api/v3/ticker/24hr");
        assertThat(recorded.rawQuery()).isEqualTo("symbols=%5B%22BTCUSDT%22%5D");
        assertThat(recorded.queryParam("symbols")).isEqualTo("[\"BTCUSDT\"]");
        assertThat(recorded.header("x-test")).isEqualTo("yes");
        assertThat(fake.requests()).extracting(RecordedRequest::source).containsExactly("binance", "coinbase");
    }

    @Test
    void binanceReportsItsGrowingUsedWeight() throws Exception {
        fake.setBinanceUsedWeight(100);

        Answer answer = get("binance", "/api/v3/ticker/24hr?symbols=%5B%22BTCUSDT%22%2C%22ETHUSDT%22%5D");

        assertThat(answer.headers().firstValue("X-MBX-USED-WEIGHT-1M")).hasValue("102");
        assertThat(fake.binanceUsedWeight()).isEqualTo(102);
    }

    @Test
    void resetForgetsStateFaultsAndRequests() throws Exception {
        fake.setPrice("BTC", "1").unlist("coinbase", "BTC").failNext("coinbase", Fault.status(500));
        fake.reset();

        assertThat(fake.pendingFaults()).isZero();
        assertThat(fake.requests()).isEmpty();
        assertThat(get("coinbase", "/products/BTC-USD/ticker").body().path("price").asString()).isEqualTo("67187.33");
    }

    @Test
    void rejectsUnknownSourceNames() {
        assertThatThrownBy(() -> fake.baseUrl("bitstamp")).isInstanceOf(IllegalArgumentException.class);
    }

    private Answer get(String source, String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = raw(source, pathAndQuery);
        return new Answer(response.statusCode(), response.headers(), FakeMarket.parse(response.body()));
    }

    private HttpResponse<String> raw(String source, String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.baseUrl(source) + pathAndQuery))
                .timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private record Answer(int status, java.net.http.HttpHeaders headers, JsonNode body) {
    }
}
