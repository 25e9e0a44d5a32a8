package io.tickstream.ingest.health;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which sources stream right now: a source is {@code streaming} while its feed has a connection that delivers
 * data, else {@code polling}. The poller reads this to slow down to the reconciliation interval; health and
 * status show it.
 */
@Component
public class FeedModes {

    public static final String STREAMING = "streaming";
    public static final String POLLING = "polling";

    private final Map<String, Boolean> streaming = new ConcurrentHashMap<>();
    private final Sinks.Many<String> stopped = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<Map.Entry<String, Boolean>> changes = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<String> pollRequests = Sinks.many().multicast().directBestEffort();

    /** True while {@code source}'s feed delivers data. */
    public boolean isStreaming(String source) {
        return streaming.getOrDefault(source, false);
    }

    /** {@code streaming} or {@code polling}. */
    public String mode(String source) {
        return isStreaming(source) ? STREAMING : POLLING;
    }

    /** Reported by the feed runners. */
    public void set(String source, boolean now) {
        Boolean before = streaming.put(source, now);
        if (Boolean.TRUE.equals(before) && !now) {
            stopped.tryEmitNext(source);
        }
        if (!Boolean.valueOf(now).equals(before)) {
            changes.tryEmitNext(Map.entry(source, now));
        }
    }

    /** A feed asks for a REST poll of its source now (to resynchronize after a gap). */
    public void requestPoll(String source) {
        pollRequests.tryEmitNext(source);
    }

    /** Sources whose poll was asked for, as it happens. */
    public Flux<String> pollRequests() {
        return pollRequests.asFlux();
    }

    /** Every change of a source's mode: (source, streaming now). */
    public Flux<Map.Entry<String, Boolean>> changes() {
        return changes.asFlux();
    }

    /** Sources whose feed stops streaming, as it happens (the poller polls them at once). */
    public Flux<String> stoppedStreaming() {
        return stopped.asFlux();
    }
}
