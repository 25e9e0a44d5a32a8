package io.tickstream.ingest.feed;

import java.time.Clock;

/** What every connection of one feed shares. */
record FeedContext(
        String source,
        ExchangeProtocol protocol,
        FeedTransport transport,
        FeedsProperties feeds,
        FeedsProperties.Feed settings,
        ConnectionBudget budget,
        FeedPipeline pipeline,
        TradeSequences sequences,
        FeedMetrics metrics,
        Clock clock,
        FeedRunner runner) {

    void modeChanged() {
        runner.modeChanged();
    }

    void resync(String why) {
        runner.resync(why);
    }

    void gap(FeedMarket market, TradeSequences.Verdict.Gap gap) {
        runner.gap(market, gap);
    }
}
