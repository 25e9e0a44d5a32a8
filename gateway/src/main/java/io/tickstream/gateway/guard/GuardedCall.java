package io.tickstream.gateway.guard;

import io.tickstream.gateway.loop.ConnectionTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.reactivestreams.Subscription;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One guarded call of a route (see {@link RouteGuard}): the attempts, the timer and the breaker's
 * accounting in one subscriber. Exactly one of these ends it, whichever comes first: the last attempt's
 * outcome, the time limit, or the client going away; signals of an attempt that is no longer current are
 * dropped. Timers run on the event loop of the client's connection (Reactor's parallel scheduler when
 * there is none, as in unit tests).
 */
final class GuardedCall extends Mono<Void> {

    private static final Logger log = LoggerFactory.getLogger(GuardedCall.class);

    private final RouteGuard guard;
    private final ServerWebExchange exchange;
    private final GatewayFilterChain chain;

    GuardedCall(RouteGuard guard, ServerWebExchange exchange, GatewayFilterChain chain) {
        this.guard = guard;
        this.exchange = exchange;
        this.chain = chain;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
        if (!guard.breaker().tryAcquirePermission()) {
            guard.refused(exchange).subscribe(actual);
            return;
        }
        Call call = new Call(actual);
        actual.onSubscribe(call);
        call.start();
    }

    private final class Call implements Subscription {

        private static final int RUNNING = 0;
        private static final int FALLBACK = 1;
        private static final int DONE = 2;
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Call> STATE = AtomicIntegerFieldUpdater.newUpdater(Call.class, "state");

        private final CoreSubscriber<? super Void> actual;
        /**
         * The subscriber's context, read once: a context is fixed for a subscription, and the operators of
         * every attempt (the routing filter's, Reactor Netty's) ask for it again and again; asked of
         * {@code actual} each time, every ask walked the whole chain of operators above (3.5 % of the
         * gateway's CPU on a proxied call, docs/benchmarks.md).
         */
        private final Context context;
        private final ConnectionTimer timer;
        private final int retries;
        private final long started = System.nanoTime();
        private volatile int state;
        private volatile Attempt current;
        private volatile Disposable deadline;
        private volatile Disposable pendingRetry;
        private volatile Subscription fallback;
        private int retried;

        Call(CoreSubscriber<? super Void> actual) {
            this.actual = actual;
            this.context = actual.currentContext();
            this.timer = ConnectionTimer.of(exchange);
            this.retries = guard.retriesFor(exchange.getRequest());
        }

        void start() {
            if (state != RUNNING) {
                return; // cancelled as soon as subscribed
            }
            deadline = schedule(this::timedOut, guard.timeoutNanos());
            attempt();
        }

        private void attempt() {
            if (state != RUNNING) {
                return;
            }
            Attempt attempt = new Attempt(this);
            current = attempt;
            chain.filter(exchange).subscribe(attempt);
        }

        void completed(Attempt attempt) {
            if (current != attempt || state != RUNNING) {
                return;
            }
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            if (status != null && RouteGuard.retryableStatus(status.value()) && mayRetry()) {
                retry();
                return;
            }
            if (STATE.compareAndSet(this, RUNNING, DONE)) {
                cancelTimers();
                if (status != null && status.is5xxServerError()) {
                    // the upstream's own 5xx has reached the client (the answer is committed by now), but an
                    // upstream that keeps failing must open the breaker like one that cannot be reached
                    guard.breaker().onError(elapsed(), TimeUnit.NANOSECONDS, new UpstreamServerError(status.value()));
                } else {
                    guard.breaker().onSuccess(elapsed(), TimeUnit.NANOSECONDS);
                }
                actual.onComplete();
            }
        }

        void failed(Attempt attempt, Throwable error) {
            if (current != attempt || state != RUNNING) {
                // an attempt already given up (time limit, client gone): its late error changes nothing
                log.debug("{} {}: late error of an abandoned attempt: {}", guard.breaker().getName(),
                        exchange.getRequest().getPath(), error.toString());
                return;
            }
            if (RouteGuard.retryableError(error) && mayRetry()) {
                retry();
                return;
            }
            end(error);
        }

        private void timedOut() {
            if (state != RUNNING) {
                return;
            }
            Attempt attempt = current;
            if (attempt != null) {
                attempt.cancel();
            }
            end(new TimeoutException("no answer within " + TimeUnit.NANOSECONDS.toMillis(guard.timeoutNanos()) + " ms"));
        }

        /** Ends the call with an error: counted by the breaker, then the fallback or the error itself. */
        private void end(Throwable error) {
            boolean clientError = RouteGuard.clientError(error);
            boolean answer = !clientError && !exchange.getResponse().isCommitted();
            if (!STATE.compareAndSet(this, RUNNING, answer ? FALLBACK : DONE)) {
                return;
            }
            cancelTimers();
            guard.breaker().onError(elapsed(), TimeUnit.NANOSECONDS, error);
            if (!answer) {
                actual.onError(error);
                return;
            }
            log.debug("{} {} failed: {}", guard.breaker().getName(), exchange.getRequest().getPath(), error.toString());
            Mono<Void> answered;
            try {
                answered = guard.fallback(exchange, error);
            } catch (RuntimeException e) {
                answered = Mono.error(e);
            }
            answered.subscribe(new FallbackSubscriber(this));
        }

        private boolean mayRetry() {
            return retried < retries && !exchange.getResponse().isCommitted();
        }

        private void retry() {
            Duration wait = guard.backoff(retried);
            retried++;
            current = null;
            ServerWebExchangeUtils.reset(exchange);
            pendingRetry = schedule(() -> {
                if (state == RUNNING) {
                    attempt();
                }
            }, wait.toNanos());
            if (state != RUNNING) {
                pendingRetry.dispose();
            }
        }

        private long elapsed() {
            return System.nanoTime() - started;
        }

        private Disposable schedule(Runnable task, long nanos) {
            return timer.schedule(task, nanos);
        }

        private void cancelTimers() {
            Disposable timer = deadline;
            if (timer != null) {
                timer.dispose();
            }
            Disposable retryTimer = pendingRetry;
            if (retryTimer != null) {
                retryTimer.dispose();
            }
        }

        @Override
        public void request(long n) {
            // completes without values: nothing to request
        }

        @Override
        public void cancel() {
            int s = state;
            if (s == RUNNING && STATE.compareAndSet(this, RUNNING, DONE)) {
                cancelTimers();
                Attempt attempt = current;
                if (attempt != null) {
                    attempt.cancel();
                }
                guard.breaker().releasePermission();
            } else if (s == FALLBACK && STATE.compareAndSet(this, FALLBACK, DONE)) {
                Subscription answering = fallback;
                if (answering != null) {
                    answering.cancel();
                }
            }
        }

        void fallbackSubscribed(Subscription subscription) {
            fallback = subscription;
            if (state == DONE) {
                subscription.cancel();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        void fallbackEnded(Throwable error) {
            if (STATE.compareAndSet(this, FALLBACK, DONE)) {
                if (error == null) {
                    actual.onComplete();
                } else {
                    actual.onError(error);
                }
            }
        }

        Context context() {
            return context;
        }
    }

    /** What the breaker records for an upstream's 5xx answer (never thrown to anyone). */
    static final class UpstreamServerError extends RuntimeException {

        UpstreamServerError(int status) {
            super("upstream answered " + status, null, false, false);
        }
    }

    /** One attempt's subscriber: hands its outcome to the call. */
    private static final class Attempt implements CoreSubscriber<Void> {

        private final Call call;
        private volatile Subscription upstream;
        private volatile boolean cancelled;

        Attempt(Call call) {
            this.call = call;
        }

        @Override
        public Context currentContext() {
            return call.context();
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream = s;
            if (cancelled) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(Void unused) {
        }

        @Override
        public void onError(Throwable t) {
            call.failed(this, t);
        }

        @Override
        public void onComplete() {
            call.completed(this);
        }

        void cancel() {
            cancelled = true;
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
        }
    }

    /** Subscribes the fallback's answer in the call's place. */
    private static final class FallbackSubscriber implements CoreSubscriber<Void> {

        private final Call call;

        FallbackSubscriber(Call call) {
            this.call = call;
        }

        @Override
        public Context currentContext() {
            return call.context();
        }

        @Override
        public void onSubscribe(Subscription s) {
            call.fallbackSubscribed(s);
        }

        @Override
        public void onNext(Void unused) {
        }

        @Override
        public void onError(Throwable t) {
            call.fallbackEnded(t);
        }

        @Override
        public void onComplete() {
            call.fallbackEnded(null);
        }
    }
}
