package io.tickstream.backup.trim;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class BacklogMonitorTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BacklogMonitor monitor = new BacklogMonitor(meters, Clock.fixed(Instant.ofEpochMilli(100_000), ZoneOffset.UTC));

    @Test
    void gaugesShowWhatIsNotArchivedAndHowOldTheOldestPendingEntryIs() {
        monitor.record(new StreamState("s", 500, 1_000, "600-0", "700-0", 600L, 40, 300L, "40000-1"));

        assertThat(gauge("tickstream.backup.lag")).isEqualTo(340);
        assertThat(gauge("tickstream.backup.pending")).isEqualTo(40);
        assertThat(gauge("tickstream.backup.oldest.pending.age")).isEqualTo(60.0);
        assertThat(meters.find("tickstream.backup.guard.overruns").counter()).isNull();
    }

    @Test
    void entriesTrimmedAheadOfTheGroupAreCountedOnceWithTheirNumber() {
        // 3,000 added, 500 read, the oldest entry left (2000-0) is past the group's position (500-0)
        StreamState capped = new StreamState("s", 1_000, 3_000, "2000-0", "500-0", 500L, 0, null, null);
        assertThat(monitor.record(capped)).isTrue();
        assertThat(monitor.record(capped)).isFalse();
        assertThat(meters.get("tickstream.backup.guard.overruns").counter().count()).isEqualTo(1);
        assertThat(meters.get("tickstream.backup.guard.dropped").counter().count()).isEqualTo(1_500);

        // the cap keeps biting: only the new drops are added
        monitor.record(new StreamState("s", 1_000, 3_400, "2400-0", "500-0", 500L, 0, null, null));
        assertThat(meters.get("tickstream.backup.guard.dropped").counter().count()).isEqualTo(1_900);
    }

    @Test
    void ownTrimmingBehindTheGroupIsNoOverrun() {
        assertThat(monitor.record(new StreamState("s", 100, 5_000, "4900-0", "5000-0", 5_000L, 0, 0L, null))).isFalse();
        assertThat(monitor.record(new StreamState("s", 100, 5_000, "4900-0", "5000-0", 5_000L, 3, 0L, "4950-0"))).isFalse();
    }

    @Test
    void aPendingEntryOlderThanTheStreamsHeadWasTrimmed() {
        assertThat(monitor.record(new StreamState("s", 100, 5_000, "4900-0", "5000-0", 5_000L, 3, 0L, "4000-0"))).isTrue();
    }

    private double gauge(String name) {
        return meters.get(name).tag("stream", "s").gauge().value();
    }
}
