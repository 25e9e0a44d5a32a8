package io.tickstream.ingest.source.feargreed;

import io.tickstream.ingest.fake.Fault;
import io.tickstream.ingest.source.MarketSource;
import io.tickstream.ingest.source.SourceCallException;
import io.tickstream.ingest.source.SourceFixtures;
import io.tickstream.ingest.source.SourceHttpFailureContract;
import io.tickstream.ingest.source.SourceProperties;
import io.tickstream.ingest.source.SourceSnapshot;
import io.tickstream.ingest.source.SummaryObservation;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FearGreedSourceTests extends SourceHttpFailureContract {

    @Override
    protected MarketSource source(SourceProperties properties) {
        return new FearGreedSource(properties, SourceFixtures.httpClients(clock));
    }

    @Override
    protected String sourceName() {
        return "feargreed";
    }

    @Test
    void readsTheLatestReadingAsASummary() {
        SourceSnapshot snapshot = fetch(source(properties()));

        assertThat(snapshot.quotes()).isEmpty();
        assertThat(snapshot.unknownSymbols()).isEmpty();
        assertThat(snapshot.summaries()).containsExactly(
                SummaryObservation.ofFearGreed(72, "Greed", 1_717_200_000_000L));
    }

    @Test
    void asksForOneReading() {
        fetch(source(properties()));

        assertThat(fake.requests("feargreed")).singleElement().satisfies(request -> {
            assertThat(request.apiPath()).isEqualTo("/fng/");
            assertThat(request.queryParam("limit")).isEqualTo("1");
        });
    }

    @Test
    void followsTheIndex() {
        fake.setFearGreed(12, "Extreme Fear");

        SummaryObservation summary = fetch(source(properties())).summaries().getFirst();

        assertThat(summary.fearGreedValue()).isEqualTo(12);
        assertThat(summary.fearGreedLabel()).isEqualTo("Extreme Fear");
    }

    @Test
    void anErrorInTheMetadataIsMalformed() {
        fake.failNext("feargreed", Fault.status(200)
                .body("{\"name\":\"Fear and Greed Index\",\"data\":[],\"metadata\":{\"error\":\"Invalid limit\"}}"));

        StepVerifier.create(source(properties()).fetch())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SourceCallException.Malformed.class)
                        .hasMessageContaining("Invalid limit"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void noReadingIsMalformed() {
        fake.failNext("feargreed", Fault.status(200).body("{\"name\":\"Fear and Greed Index\",\"data\":[],\"metadata\":{\"error\":null}}"));

        StepVerifier.create(source(properties()).fetch())
                .expectError(SourceCallException.Malformed.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aValueThatIsNotAWholeNumberIsMalformed() {
        fake.failNext("feargreed", Fault.status(200).body("{\"data\":[{\"value\":\"forty\","
                + "\"value_classification\":\"Fear\",\"timestamp\":\"1551157200\"}],\"metadata\":{\"error\":null}}"));

        StepVerifier.create(source(properties()).fetch())
                .expectError(SourceCallException.Malformed.class)
                .verify(Duration.ofSeconds(10));
    }
}
