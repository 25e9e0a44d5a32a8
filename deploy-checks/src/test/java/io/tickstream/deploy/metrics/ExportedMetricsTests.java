package io.tickstream.deploy.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The meter scan and the Prometheus naming the dashboard check relies on. */
class ExportedMetricsTests {

    @Test
    void namesFollowThePrometheusRegistry() {
        assertThat(new MeterDeclaration("m", MeterDeclaration.Type.COUNTER, "tickstream.ingest.published", null, false)
                .prometheusNames()).containsExactly("tickstream_ingest_published_total");
        assertThat(new MeterDeclaration("m", MeterDeclaration.Type.COUNTER, "tickstream.push.sent", "bytes", false)
                .prometheusNames()).containsExactly("tickstream_push_sent_bytes_total");
        assertThat(new MeterDeclaration("m", MeterDeclaration.Type.GAUGE, "tickstream.backup.oldest.pending.age", "seconds", false)
                .prometheusNames()).containsExactly("tickstream_backup_oldest_pending_age_seconds");
        assertThat(new MeterDeclaration("m", MeterDeclaration.Type.TIMER, "tickstream.backup.batch.latency", null, false)
                .prometheusNames()).containsExactly("tickstream_backup_batch_latency_seconds_count",
                "tickstream_backup_batch_latency_seconds_sum", "tickstream_backup_batch_latency_seconds_max");
        assertThat(new MeterDeclaration("m", MeterDeclaration.Type.SUMMARY, "tickstream.backup.batch.size", null, true)
                .prometheusNames()).contains("tickstream_backup_batch_size_count", "tickstream_backup_batch_size_bucket");
    }

    @Test
    void scanFindsMetersAndTheirKindsButNotPropertyPrefixes() {
        String source = """
                import java.time.Duration;
                /**
                 * @param refreshWait how long the dashboard summary refresh waits, a timer of sorts
                 */
                @Validated
                @ConfigurationProperties("tickstream.ingest.lease")
                record P(Duration refreshWait) {
                }
                @ConditionalOnProperty(prefix = "tickstream.ingest.sources.kraken", name = "enabled")
                class X {
                    // a counter, a Timer, a gauge: words in a comment
                    @ConfigurationProperties(prefix = "tickstream.other")
                    Object props() { return null; }
                    private static final Logger access = LoggerFactory.getLogger("tickstream.access");
                    void a() {
                        counter(appended ? "tickstream.ingest.published" : "tickstream.ingest.duplicates", stream).increment();
                        meters.timer("tickstream.ingest.source.latency", "source", source);
                        Gauge.builder("tickstream.ingest.source.last.good.age", () -> 1).tag("source", name).baseUnit("seconds")
                                .register(meters);
                        meter("l", () -> Timer.builder("tickstream.push.delivery.latency").publishPercentileHistogram().register(r));
                    }
                }
                """;
        List<MeterDeclaration> found = MeterScanner.scanSource("m", source);
        assertThat(found).extracting(MeterDeclaration::name).containsExactly("tickstream.ingest.published",
                "tickstream.ingest.duplicates", "tickstream.ingest.source.latency", "tickstream.ingest.source.last.good.age",
                "tickstream.push.delivery.latency");
        assertThat(found.get(2).type()).isEqualTo(MeterDeclaration.Type.TIMER);
        assertThat(found.get(3).prometheusNames()).containsExactly("tickstream_ingest_source_last_good_age_seconds");
        assertThat(found.get(4).histogram()).isTrue();
    }

    @Test
    void theServicesExportWhatTheirReadmeNames() {
        ExportedMetrics exported = ExportedMetrics.ofServices();
        assertThat(exported.byPrometheusName()).containsKeys("tickstream_ingest_source_requests_total",
                "tickstream_ingest_source_rate_limited_total", "tickstream_ingest_source_latency_seconds_count",
                "tickstream_ingest_source_last_good_age_seconds", "tickstream_ingest_stream_guard_dropped_total",
                "tickstream_backup_lag", "tickstream_backup_batch_latency_seconds_sum", "tickstream_gateway_ratelimit_refused_total");
        assertThat(exported.exports("tickstream_backup_lag_total")).isFalse();
        // group consumers of the streams layer, by their metricPrefix (a literal, or a constant of the file)
        assertThat(exported.byPrometheusName()).containsKeys("tickstream_backup_dlq_total", "tickstream_query_group_dlq_total",
                "tickstream_query_group_group_lag");
    }

    @Test
    void groupConsumerMetersFollowTheirPrefix() {
        String source = """
                class A {
                    static final String METRIC_PREFIX = "tickstream.backup";
                    Object o = GroupOptions.builder("g", "c", streams).metricPrefix(METRIC_PREFIX).build();
                    Object p = GroupOptions.builder("g", "c", streams).metricPrefix("tickstream.query.group").build();
                }
                """;
        assertThat(MeterScanner.scanSource("m", source)).flatExtracting(MeterDeclaration::prometheusNames)
                .contains("tickstream_backup_dlq_total", "tickstream_backup_reclaimed_total", "tickstream_backup_group_pending",
                        "tickstream_query_group_dlq_total", "tickstream_query_group_errors_total")
                .doesNotContain("tickstream_backup_total");
    }

    @Test
    void promQlNamesSkipFunctionsLabelsAndGrouping() {
        assertThat(PromQlMetricNames.of("histogram_quantile(0.95, sum by (le, source) (rate(x_seconds_bucket{a=\"b c\"}[$__rate_interval])))"))
                .containsExactly("x_seconds_bucket");
        assertThat(PromQlMetricNames.of("sum(rate(a_total{r=\"hit\"}[5m])) / sum(rate(b_total[5m])) or vector(0)"))
                .containsExactly("a_total", "b_total");
    }
}
