package io.tickstream.gateway.collapse;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One read on its way upstream, and the reads waiting for its answer. It lands once: with the answer,
 * with {@link SharedAnswer#NONE}, or at its wait limit, whichever comes first.
 */
final class Flight {

    private final String key;
    private final Sinks.One<SharedAnswer> answer = Sinks.one();
    private final AtomicBoolean landed = new AtomicBoolean();
    private volatile Disposable deadline;

    Flight(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    /** The answer for a waiting read, on the thread that lands the flight. */
    Mono<SharedAnswer> answer() {
        return answer.asMono();
    }

    void deadline(Disposable timer) {
        deadline = timer;
        if (landed.get()) {
            timer.dispose();
        }
    }

    /** Hands {@code shared} to every waiting read; false if the flight had already landed. */
    boolean land(SharedAnswer shared) {
        if (!landed.compareAndSet(false, true)) {
            return false;
        }
        Disposable timer = deadline;
        if (timer != null) {
            timer.dispose();
        }
        answer.tryEmitValue(shared);
        return true;
    }
}
