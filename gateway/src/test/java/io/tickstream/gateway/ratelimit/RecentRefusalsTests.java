package io.tickstream.gateway.ratelimit;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RecentRefusalsTests {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long T0 = 1_000_000 * MS;

    @Test
    void aRefusedClientStaysRefusedUntilTheBucketCouldHaveATokenCountedFromTheSendingOfTheCall() {
        RecentRefusals refusals = new RecentRefusals(100);
        // sent at T0, answered 3 ms later: wait 250 ms (rounded up by the script) -> refused until T0 + 249 ms
        refusals.refused("key:a", 250, T0, T0 + 3 * MS);

        assertThat(refusals.refusedFor("key:a", T0 + 3 * MS)).isEqualTo(246 * MS);
        assertThat(refusals.refusedFor("key:a", T0 + 248 * MS)).isEqualTo(MS);
        assertThat(refusals.refusedFor("key:a", T0 + 249 * MS)).isZero();
        assertThat(refusals.refusedFor("key:b", T0)).isZero();
    }

    @Test
    void aWaitThatIsOverByTheTimeOfTheAnswerIsNotRemembered() {
        RecentRefusals refusals = new RecentRefusals(100);
        refusals.refused("key:a", 1, T0, T0);
        refusals.refused("key:b", 20, T0, T0 + 30 * MS);

        assertThat(refusals.refusedFor("key:a", T0)).isZero();
        assertThat(refusals.refusedFor("key:b", T0 + 30 * MS)).isZero();
    }

    @Test
    void theLaterOfTwoRefusalsCounts() {
        RecentRefusals refusals = new RecentRefusals(100);
        refusals.refused("key:a", 500, T0, T0);
        refusals.refused("key:a", 100, T0 + 10 * MS, T0 + 10 * MS);

        assertThat(refusals.refusedFor("key:a", T0 + 400 * MS)).isEqualTo(99 * MS);
    }

    @Test
    void whenFullExpiredClientsMakeRoomAndOtherwiseTheRefusalIsNotRemembered() {
        RecentRefusals refusals = new RecentRefusals(2);
        refusals.refused("key:a", 100, T0, T0);
        refusals.refused("key:b", 1_000, T0, T0);

        refusals.refused("key:c", 1_000, T0 + 500 * MS, T0 + 500 * MS); // key:a has expired: room for key:c
        assertThat(refusals.refusedFor("key:c", T0 + 500 * MS)).isPositive();

        refusals.refused("key:d", 1_000, T0 + 700 * MS, T0 + 700 * MS); // nothing expired: not remembered
        assertThat(refusals.refusedFor("key:d", T0 + 700 * MS)).isZero();
        assertThat(refusals.refusedFor("key:b", T0 + 700 * MS)).isPositive();
    }
}
