package io.tickstream.backup.replay;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** One replay run and its progress; updated by the run, read by the endpoint and the command line. */
public final class ReplayJob {

    /** Where a job is. */
    public enum State { COUNTING, RUNNING, COMPLETED, FAILED, CANCELLED }

    /**
     * A snapshot of a job, as the admin endpoint shows it.
     *
     * @param id         job id
     * @param state      where it is
     * @param request    what was asked
     * @param rate       entries per second it is held to
     * @param total      entries in the range (counted at the start)
     * @param published  entries appended so far
     * @param percent    published / total in percent
     * @param startedAt  when it started
     * @param finishedAt when it ended, null while it runs
     * @param error      why it failed, null otherwise
     */
    public record Progress(String id, State state, ReplayRequest request, int rate, long total, long published,
                           double percent, Instant startedAt, Instant finishedAt, String error) {
    }

    private final String id;
    private final ReplayRequest request;
    private final int rate;
    private final Clock clock;
    private final Instant startedAt;
    private final AtomicReference<State> state = new AtomicReference<>(State.COUNTING);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final Sinks.Empty<Void> done = Sinks.empty();
    private volatile Instant finishedAt;
    private volatile String error;
    private volatile Disposable run;

    ReplayJob(String id, ReplayRequest request, int rate, Clock clock) {
        this.id = id;
        this.request = request;
        this.rate = rate;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public String id() {
        return id;
    }

    int rate() {
        return rate;
    }

    ReplayRequest request() {
        return request;
    }

    /** Completes when the job ends, however it ends. */
    public Mono<Void> done() {
        return done.asMono();
    }

    public Progress progress() {
        long t = total.get();
        long p = published.get();
        return new Progress(id, state.get(), request, rate, t, p, t == 0 ? 100.0 : Math.round(p * 1000.0 / t) / 10.0,
                startedAt, finishedAt, error);
    }

    boolean isActive() {
        State s = state.get();
        return s == State.COUNTING || s == State.RUNNING;
    }

    void counted(long count) {
        total.set(count);
        state.compareAndSet(State.COUNTING, State.RUNNING);
    }

    void published(long count) {
        published.addAndGet(count);
    }

    long publishedCount() {
        return published.get();
    }

    void running(Disposable disposable) {
        this.run = disposable;
    }

    void finish(State end, String reason) {
        State previous = state.getAndUpdate(s -> s == State.COUNTING || s == State.RUNNING ? end : s);
        if (previous != State.COUNTING && previous != State.RUNNING) {
            return; // ended already
        }
        error = reason;
        finishedAt = clock.instant();
        done.tryEmitEmpty();
    }

    void cancel() {
        Disposable d = run;
        finish(State.CANCELLED, null);
        if (d != null) {
            d.dispose();
        }
    }
}
