package io.tickstream.ingest.feed;

import io.tickstream.ingest.health.FeedModes;
import io.tickstream.ingest.health.PollOutcome;
import io.tickstream.ingest.health.SourceHealthTracker;
import io.tickstream.ingest.publish.TraceParent;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.Disposable;

import java.util.List;

/**
 * Health of sources that only stream (the simulated venues): each mode change is recorded as their health,
 * {@code up} while the feed streams and {@code down} ("feed down") while it does not, on {@code system:health}
 * like any source's.
 */
public final class VenueHealth implements DisposableBean {

    private final Disposable subscription;

    VenueHealth(List<String> venues, FeedModes modes, SourceHealthTracker health) {
        venues.forEach(health::register);
        subscription = modes.changes()
                .filter(change -> venues.contains(change.getKey()))
                .concatMap(change -> health.record(change.getKey(),
                        change.getValue() ? PollOutcome.clean() : PollOutcome.failed("feed down: reconnecting"),
                        TraceParent.newRoot()).onErrorComplete())
                .subscribe();
    }

    @Override
    public void destroy() {
        subscription.dispose();
    }
}
