package io.tickstream.ingest.feed;

import io.tickstream.ingest.source.SourceCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * One connection's worth of markets of a feed, kept connected: a connection that fails, is closed by the
 * venue or stays silent beyond the silence timeout is replaced after a backoff with full jitter; one that
 * reaches its maximum lifetime, or whose venue announces a shutdown, is replaced by a new connection that is
 * up and delivering before the old one is closed, so there is no gap (trade ids drop the overlap). Every
 * attempt spends the feed's connection budget.
 */
final class FeedConnection {

    private static final Logger log = LoggerFactory.getLogger(FeedConnection.class);

    /** One WebSocket session. */
    private final class Session {
        final Session replacing;
        volatile Disposable connection;
        volatile Disposable rotation;
        volatile boolean live;
        volatile boolean rotating;

        Session(Session replacing) {
            this.replacing = replacing;
        }

        void close() {
            Disposable c = connection;
            if (c != null) {
                c.dispose();
            }
            Disposable r = rotation;
            if (r != null) {
                r.dispose();
            }
        }
    }

    private final FeedContext context;
    private final List<FeedMarket> markets;
    private final MarketsByVenueName byName;
    private final URI uri;
    private final List<String> subscriptions;
    private final Backoff backoff;
    private volatile Session current;
    private volatile boolean closed;
    private volatile Disposable pendingConnect;

    FeedConnection(FeedContext context, List<FeedMarket> markets) {
        this.context = context;
        this.markets = List.copyOf(markets);
        this.byName = new MarketsByVenueName(markets);
        this.uri = context.protocol().uri(context.settings().url(), markets);
        this.subscriptions = context.protocol().subscriptions(markets);
        this.backoff = new Backoff(context.feeds().reconnectMin(), context.feeds().reconnectMax());
    }

    void start() {
        closed = false;
        connect(null);
    }

    void close() {
        closed = true;
        Disposable pending = pendingConnect;
        if (pending != null) {
            pending.dispose();
        }
        Session s = current;
        while (s != null) {
            s.close();
            s = s.replacing;
        }
        current = null;
    }

    /** True while the newest session delivers data. */
    boolean isLive() {
        Session s = current;
        return s != null && s.live;
    }

    private void connect(Session replacing) {
        if (closed) {
            return;
        }
        Duration wait = context.budget().tryAcquire();
        if (!wait.isZero()) {
            log.warn("feed {}: connection budget spent, next attempt in {}", context.source(), wait);
            pendingConnect = Mono.delay(wait).subscribe(t -> connect(replacing));
            return;
        }
        Session session = new Session(replacing);
        current = session;
        FeedsProperties.Feed settings = context.settings();
        session.connection = context.transport().open(uri, subscriptions, settings.connectTimeout())
                .timeout(settings.silenceTimeout())
                .subscribe(frame -> onFrame(session, frame, System.nanoTime()),
                        error -> ended(session, reasonOf(error), error),
                        () -> ended(session, "closed", null));
        if (!settings.maxLifetime().isZero()) {
            session.rotation = Mono.delay(settings.maxLifetime()).subscribe(t -> rotate(session, "lifetime"));
        }
    }

    private void onFrame(Session session, String frame, long receivedNanos) {
        FeedMetrics metrics = context.metrics();
        metrics.frames.increment();
        FeedMessage message;
        try {
            message = context.protocol().decode(frame, context.clock().millis(), byName);
        } catch (SourceCallException.Malformed | IllegalArgumentException e) {
            metrics.malformed.increment();
            if (metrics.malformed.count() <= 10 || (long) metrics.malformed.count() % 1000 == 0) {
                log.warn("feed {}: malformed frame skipped ({} so far): {}", context.source(), (long) metrics.malformed.count(),
                        e.getMessage());
            }
            return;
        }
        switch (message) {
            case FeedMessage.Tickers t -> {
                live(session);
                metrics.tickers.increment(t.tickers().size());
                context.pipeline().offerTickers(t.tickers(), receivedNanos);
            }
            case FeedMessage.Trades t -> {
                live(session);
                trades(session, t.trades(), receivedNanos);
            }
            case FeedMessage.Heartbeat h -> {
            }
            case FeedMessage.ReconnectNow r -> {
                log.info("feed {}: {}; replacing the connection", context.source(), r.reason());
                rotate(session, "server-shutdown");
            }
            case FeedMessage.VenueError e -> {
                metrics.venueErrors.increment();
                log.warn("feed {}: the venue says: {}", context.source(), e.message());
            }
        }
    }

    private void trades(Session session, List<FeedMessage.FeedTrade> trades, long receivedNanos) {
        FeedMetrics metrics = context.metrics();
        for (FeedMessage.FeedTrade trade : trades) {
            metrics.trades.increment();
            switch (context.sequences().accept(trade)) {
                case TradeSequences.Verdict.Repeat r -> {
                    metrics.repeats.increment();
                    continue;
                }
                case TradeSequences.Verdict.Gap g -> {
                    metrics.gaps.increment();
                    metrics.missing.increment(g.missing());
                    context.runner().gap(context.protocol().market(trade.symbol(), trade.quote()), g);
                }
                case TradeSequences.Verdict.Next n -> {
                }
            }
            if (!context.pipeline().offerTrade(trade, receivedNanos)) {
                context.sequences().forget(trade);
                metrics.overflow.increment();
                log.error("feed {}: {} trades wait for Redis; reconnecting rather than dropping one",
                        context.source(), context.pipeline().waiting());
                session.live = false;
                ended(session, "overflow", null);
                session.close();
                return;
            }
        }
    }

    private void live(Session session) {
        if (!session.live) {
            session.live = true;
            backoff.reset();
            Session old = session.replacing;
            if (old != null) {
                old.close();
            }
            context.modeChanged();
        }
    }

    /** Opens a successor; the old session closes once the successor delivers data. */
    private void rotate(Session session, String reason) {
        if (session != current || session.rotating || closed) {
            return;
        }
        session.rotating = true;
        context.metrics().reconnects(reason).increment();
        connect(session);
    }

    private void ended(Session session, String reason, Throwable error) {
        session.close();
        if (closed || session != current) {
            return;
        }
        session.live = false;
        Session old = session.replacing;
        if (old != null && old.live) {
            // the successor died before delivering: the old connection still serves
            current = old;
            old.rotating = false;
        }
        context.modeChanged();
        if (current != session) {
            return;
        }
        context.metrics().reconnects(reason).increment();
        Duration delay = backoff.next();
        log.warn("feed {}: connection {} ({}); reconnecting in {} ms", context.source(), reason,
                error == null ? "" : error.toString(), delay.toMillis());
        pendingConnect = Mono.delay(delay).subscribe(t -> connect(null));
    }

    private static String reasonOf(Throwable error) {
        return error instanceof TimeoutException ? "silence" : "error";
    }

    List<FeedMarket> markets() {
        return markets;
    }
}
