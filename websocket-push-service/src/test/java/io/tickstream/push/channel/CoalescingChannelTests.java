package io.tickstream.push.channel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static io.tickstream.push.channel.ChannelHubTests.STREAMS;
import static io.tickstream.push.channel.ChannelHubTests.fearGreed;
import static io.tickstream.push.channel.ChannelHubTests.quote;
import static org.assertj.core.api.Assertions.assertThat;

/** Coalescing of ticker changes within a window (opt-in): the latest object and its offset always arrive. */
class CoalescingChannelTests {

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final ChannelHub hub = new ChannelHub(new ChannelsProperties(100, 100, 50, 1000), STREAMS,
            new CoalescingProperties(Duration.ofMillis(100)), time);
    private final RecordingSubscriber btc = new RecordingSubscriber();

    @BeforeEach
    void subscribe() {
        time.advanceTimeBy(Duration.ofSeconds(10));
        hub.epoch(STREAMS.all(), "e1");
        hub.subscribe("ticker:BTC", btc, null, null);
    }

    @AfterEach
    void stop() {
        time.dispose();
    }

    @Test
    void aChangeAfterAQuietTimeIsSentAtOnce() {
        assertThat(hub.apply(quote("binance", "100", 1_000), "1-0")).isEqualTo(1);
        assertThat(btc.updates).extracting(ChannelUpdate::offset).containsExactly("1-0");
    }

    @Test
    void changesInsideTheWindowLeaveAsTheLatestWhenItEnds() {
        hub.apply(quote("binance", "100", 1_000), "1-0");
        hub.apply(quote("binance", "101", 2_000), "2-0");
        hub.apply(quote("kraken", "102", 2_000), "3-0");
        hub.apply(quote("binance", "103", 3_000), "4-0");
        assertThat(btc.updates).as("held while the window is open").hasSize(1);

        time.advanceTimeBy(Duration.ofMillis(100));

        assertThat(btc.updates).extracting(ChannelUpdate::offset).containsExactly("1-0", "4-0");
        ChannelUpdate coalesced = btc.updates.getLast();
        assertThat(coalesced.previousOffset()).as("a patch from what subscribers hold").isEqualTo("1-0");
        assertThat(coalesced.patch()).isNotNull();
        JsonNode latest = btc.lastUpdate();
        assertThat(latest.at("/data/sources/binance/price").asString()).isEqualTo("103");
        assertThat(latest.at("/data/sources/kraken/price").asString()).isEqualTo("102");
    }

    @Test
    void aSteadyStreamOfChangesIsSentOncePerWindow() {
        for (int i = 1; i <= 50; i++) {
            hub.apply(quote("binance", Integer.toString(100 + i), i * 1_000L), i + "-0");
            time.advanceTimeBy(Duration.ofMillis(10));
        }
        time.advanceTimeBy(Duration.ofMillis(100));

        assertThat(btc.updates).hasSizeBetween(5, 7);
        assertThat(btc.updates.getLast().offset()).as("the last change always arrives").isEqualTo("50-0");
        for (int i = 1; i < btc.updates.size(); i++) {
            assertThat(btc.updates.get(i).previousOffset()).isEqualTo(btc.updates.get(i - 1).offset());
        }
    }

    @Test
    void aSubscriberDuringTheWindowGetsTheSentObjectThenTheHeldChange() {
        hub.apply(quote("binance", "100", 1_000), "1-0");
        hub.apply(quote("binance", "101", 2_000), "2-0");
        RecordingSubscriber late = new RecordingSubscriber();
        hub.subscribe("ticker:BTC", late, null, null);
        assertThat(late.lastStart().get("offset").asString()).isEqualTo("1-0");

        time.advanceTimeBy(Duration.ofMillis(100));

        assertThat(late.updates).extracting(ChannelUpdate::previousOffset).containsExactly("1-0");
        assertThat(late.lastUpdate().at("/data/sources/binance/price").asString()).isEqualTo("101");
    }

    @Test
    void aResumeFromASentOffsetGetsTheCoalescedChange() {
        hub.apply(quote("binance", "100", 1_000), "1-0");
        hub.apply(quote("binance", "101", 2_000), "2-0");
        hub.apply(quote("binance", "102", 3_000), "3-0");
        time.advanceTimeBy(Duration.ofMillis(100));

        RecordingSubscriber resumed = new RecordingSubscriber();
        hub.subscribe("ticker:BTC", resumed, "1-0", "e1");

        assertThat(resumed.lastStart().get("recovered").asBoolean()).isTrue();
        assertThat(resumed.updates).extracting(ChannelUpdate::offset).containsExactly("3-0");
    }

    @Test
    void aResetDropsTheHeldChange() {
        hub.apply(quote("binance", "100", 1_000), "1-0");
        hub.apply(quote("binance", "101", 2_000), "2-0");
        hub.epoch(STREAMS.all(), "e2");

        time.advanceTimeBy(Duration.ofMillis(100));

        assertThat(btc.updates).extracting(ChannelUpdate::offset).containsExactly("1-0");
        assertThat(btc.lastStart().get("epoch").asString()).isEqualTo("e2");
    }

    @Test
    void otherChannelsAreNeverCoalesced() {
        RecordingSubscriber dashboard = new RecordingSubscriber();
        hub.subscribe(ChannelNames.DASHBOARD, dashboard, null, null);

        hub.apply(fearGreed(40, 1_000), "1-0");
        hub.apply(fearGreed(41, 2_000), "2-0");

        assertThat(dashboard.updates).extracting(ChannelUpdate::offset).containsExactly("1-0", "2-0");
    }
}
