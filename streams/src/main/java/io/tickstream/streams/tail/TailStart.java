package io.tickstream.streams.tail;

import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.function.Function;

/** Where a {@link StreamTail} starts reading, at its first start and after each new epoch. */
public sealed interface TailStart {

    /** After each stream's newest entry: only what comes from now on. */
    static TailStart latest() {
        return new Recent(0);
    }

    /**
     * Reads back each stream's last {@code entries} entries and hands them over as history
     * ({@code live=false}), then tails after them.
     */
    static TailStart recent(int entries) {
        if (entries < 0) {
            throw new IllegalArgumentException("entries must be 0 or more, was " + entries);
        }
        return new Recent(entries);
    }

    /**
     * After the positions {@code positions} emits, per stream key ({@code 0-0}, the whole stream, for a
     * stream it leaves out); it is told whether this is the first start.
     */
    static TailStart at(Function<Boolean, Mono<Map<String, String>>> positions) {
        return new At(positions);
    }

    /** @param entries entries read back per stream; 0 starts after the newest */
    record Recent(int entries) implements TailStart {
    }

    /** @param positions the positions per stream, given whether this is the first start */
    record At(Function<Boolean, Mono<Map<String, String>>> positions) implements TailStart {
    }
}
