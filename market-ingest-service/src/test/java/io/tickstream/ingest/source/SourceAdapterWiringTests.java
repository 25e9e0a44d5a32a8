package io.tickstream.ingest.source;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.ingest.IngestProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import java.time.Clock;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Each adapter is a bean exactly when its {@code enabled} switch is on, built by Spring's constructor. */
class SourceAdapterWiringTests {

    private static final String[] SOURCES = {"coingecko", "binance", "kraken", "coinbase", "feargreed", "simulated"};

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Adapters.class)
            .withPropertyValues(Stream.of(SOURCES)
                    .map(s -> "tickstream.ingest.sources." + s + ".base-url=http://127.0.0.1:9/" + s)
                    .toArray(String[]::new));

    @Test
    void realSourcesWhenEnabled() {
        context.withPropertyValues(enabled("coingecko", "binance", "kraken", "coinbase", "feargreed"))
                .run(ctx -> assertThat(ctx.getBeansOfType(MarketSource.class).values())
                        .extracting(MarketSource::name)
                        .containsExactlyInAnyOrder("coingecko", "binance", "kraken", "coinbase", "feargreed"));
    }

    @Test
    void onlyTheSimulatedMarketInTheDemo() {
        context.withPropertyValues(enabled("simulated"))
                .run(ctx -> assertThat(ctx.getBeansOfType(MarketSource.class).values())
                        .extracting(MarketSource::name).containsExactly("simulated"));
    }

    @Test
    void noSourceUnlessEnabled() {
        context.run(ctx -> assertThat(ctx.getBeansOfType(MarketSource.class)).isEmpty());
    }

    private static String[] enabled(String... sources) {
        return Stream.of(sources).map(s -> "tickstream.ingest.sources." + s + ".enabled=true").toArray(String[]::new);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({SourcesProperties.class, IngestProperties.class})
    @ComponentScan("io.tickstream.ingest.source")
    static class Adapters {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        WebClient.Builder webClientBuilder() {
            return WebClient.builder();
        }
    }
}
