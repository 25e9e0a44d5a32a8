package io.tickstream.ingest.source;

import io.tickstream.ingest.fake.FakeMarketApis;
import io.tickstream.ingest.fake.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How every HTTP source adapter fails, checked against {@link FakeMarketApis}: a subclass per
 * adapter says how to build it and inherits these tests. Every call of the poll gets the fault.
 */
public abstract class SourceHttpFailureContract {

    /** More faults than any poll makes calls. */
    private static final int EVERY_CALL = 50;

    protected FakeMarketApis fake;
    protected MutableClock clock;

    /** The adapter under test, reading {@code properties} and tracking {@link SourceFixtures#SYMBOLS}. */
    protected abstract MarketSource source(SourceProperties properties);

    /** The adapter's name, also its fake API's name. */
    protected abstract String sourceName();

    protected SourceProperties properties() {
        return SourceFixtures.properties(fake.baseUrl(sourceName()));
    }

    /** The one snapshot {@code source} gives, after checking that its poll completes. */
    protected static SourceSnapshot fetch(MarketSource source) {
        AtomicReference<SourceSnapshot> snapshot = new AtomicReference<>();
        StepVerifier.create(source.fetch())
                .consumeNextWith(snapshot::set)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        return snapshot.get();
    }

    @BeforeEach
    void startFake() {
        fake = FakeMarketApis.start();
        clock = MutableClock.atFixedStart();
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @Test
    void nameIsTheConfigurationName() {
        assertThat(source(properties()).name()).isEqualTo(sourceName());
    }

    @Test
    void malformedJsonIsMalformed() {
        fake.failNext(sourceName(), EVERY_CALL, Fault.malformedJson());

        StepVerifier.create(source(properties()).fetch())
                .expectError(SourceCallException.Malformed.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void emptyBodyIsMalformed() {
        fake.failNext(sourceName(), EVERY_CALL, Fault.emptyBody());

        StepVerifier.create(source(properties()).fetch())
                .expectError(SourceCallException.Malformed.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void tooManyRequestsPausesTheSourceForRetryAfter() {
        assertRateLimitPauses(429);
    }

    @Test
    void teapotIsABanThatPausesTheSourceLikewise() {
        assertRateLimitPauses(418);
    }

    @Test
    void serverErrorIsRetryable() {
        fake.failNext(sourceName(), EVERY_CALL, Fault.status(503));

        StepVerifier.create(source(properties()).fetch())
                .expectError(SourceCallException.Retryable.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void slowAnswerIsARetryableTimeout() {
        fake.failNext(sourceName(), EVERY_CALL, Fault.delay(Duration.ofSeconds(3)));
        MarketSource source = source(SourceFixtures.withTimeout(properties(), Duration.ofMillis(300)));

        StepVerifier.create(source.fetch())
                .expectError(SourceCallException.Retryable.class)
                .verify(Duration.ofSeconds(10));
    }

    private void assertRateLimitPauses(int status) {
        fake.failNext(sourceName(), EVERY_CALL, Fault.status(status).header("Retry-After", "7"));
        MarketSource source = source(properties());

        StepVerifier.create(source.fetch())
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOfSatisfying(SourceCallException.RateLimited.class, limited -> {
                            assertThat(limited.status()).isEqualTo(status);
                            assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                        }))
                .verify(Duration.ofSeconds(10));
        int callsBefore = fake.requestCount(sourceName());

        clock.advance(Duration.ofSeconds(6));
        StepVerifier.create(source.fetch())
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOfSatisfying(SourceCallException.RateLimited.class,
                                limited -> assertThat(limited.status()).isZero()))
                .verify(Duration.ofSeconds(10));
        assertThat(fake.requestCount(sourceName())).isEqualTo(callsBefore);

        fake.clearFaults();
        clock.advance(Duration.ofSeconds(1));
        StepVerifier.create(source.fetch())
                .expectNextCount(1)
                .verifyComplete();
        assertThat(fake.requestCount(sourceName())).isGreaterThan(callsBefore);
    }
}
