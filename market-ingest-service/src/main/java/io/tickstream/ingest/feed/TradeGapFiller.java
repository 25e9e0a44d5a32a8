package io.tickstream.ingest.feed;

import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Fetches, over the venue's REST API and within its source's request budget, the trades a feed missed: those of
 * {@code market} with ids strictly between {@code lastSeen} and {@code next}, as far as the venue still serves
 * them (its recent trades).
 */
public interface TradeGapFiller {

    Mono<List<FeedMessage.FeedTrade>> missing(FeedMarket market, long lastSeen, long next);
}
