package io.tickstream.backup.archive;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.backup.BackupFixtures;
import io.tickstream.backup.BackupHarness;
import io.tickstream.common.event.Quote;
import io.tickstream.common.stream.StreamEntryCodec;
import io.tickstream.common.stream.StreamFields;
import io.tickstream.common.stream.StreamKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeadLetterIntegrationTests {

    private final BackupHarness harness = new BackupHarness();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void cleanUp() {
        harness.close();
    }

    @Test
    void poisonEntriesLandInTheDeadLetterStreamWithTheirReasonWhileTheRestFlows() {
        String stream = harness.marketData();
        harness.publish(IntStream.range(0, 200).mapToObj(BackupFixtures::quote).toList());
        // cannot be decoded: no price
        Map<String, String> noPrice = new HashMap<>(StreamEntryCodec.encode(BackupFixtures.quote(100_000)));
        noPrice.remove(StreamFields.PRICE);
        String undecodable = harness.publishRaw(stream, noPrice);
        // decodes, but PostgreSQL rejects it: source longer than the column (varchar(64))
        Quote tooLong = BackupFixtures.quote("x".repeat(100), "BTC", 100_001);
        String rejected = harness.publish(List.of(tooLong)).getFirst();
        harness.publish(IntStream.range(200, 400).mapToObj(BackupFixtures::quote).toList());

        harness.startArchiver(BackupHarness.properties("a", 50, Duration.ofMinutes(10), 3), meters);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(harness.rows("market_quotes")).isEqualTo(400);
            assertThat(harness.redisSync().xlen(StreamKeys.deadLetter(stream))).isEqualTo(2);
            assertThat(harness.pending(stream)).isZero();
        });
        assertThat(harness.distinctIds("market_quotes")).isEqualTo(400);
        Map<String, Map<String, String>> dead = new HashMap<>();
        for (StreamMessage<String, String> m : harness.redisSync().xrange(StreamKeys.deadLetter(stream), Range.create("-", "+"))) {
            dead.put(m.getBody().get(StreamFields.DLQ_ORIGINAL_ID), m.getBody());
        }
        assertThat(dead.get(undecodable).get(StreamFields.DLQ_REASON)).contains("missing required field 'price'");
        assertThat(dead.get(undecodable)).containsEntry(StreamFields.ID, noPrice.get(StreamFields.ID));
        assertThat(dead.get(rejected).get(StreamFields.DLQ_REASON)).startsWith("write: 22001").contains("too long");
        assertThat(Long.parseLong(dead.get(rejected).get(StreamFields.DLQ_DELIVERIES))).isGreaterThanOrEqualTo(3);
        assertThat(dead.get(rejected)).containsEntry(StreamFields.ID, tooLong.meta().id());
        assertThat(meters.counter("tickstream.backup.dlq", "stream", stream).count()).isEqualTo(2);
    }
}
