package io.tickstream.push.channel;

import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.Trade;
import io.tickstream.common.market.DashboardJson;
import io.tickstream.common.market.HealthJson;
import io.tickstream.common.market.MarketProjection;
import io.tickstream.common.market.TickerJson;
import tools.jackson.databind.node.ObjectNode;

/**
 * The object a channel carries, built from the instance's one {@link MarketProjection} by the common
 * builders, so a channel shows what the REST API shows, in the same JSON:
 * <ul>
 *   <li>{@code ticker:<S>}: {@link TickerJson} ({@code {"symbol":"BTC","consensus":{quote}|null,"sources":{…}}});</li>
 *   <li>{@code dashboard}: {@link DashboardJson} (the merged market summary plus {@code updatedAt.<source>});</li>
 *   <li>{@code health}: {@link HealthJson} ({@code {"sources":{"binance":{"state",…,"at"}}}});</li>
 *   <li>{@code trades:<S>}: the channel's own {@link TradeTape} (trades are events, the projection holds
 *       none), as {@link io.tickstream.common.market.TradeJson#trades} ({@code {"symbol":"BTC","trades":[…]}}).</li>
 * </ul>
 * Each call builds a new tree and never changes one built before (published trees are shared, and
 * patches are diffs between two).
 */
final class ChannelState {

    private ChannelState() {
    }

    /**
     * The object of the channel {@code event} belongs to ({@link ChannelNames#of}), as {@code projection} (or,
     * for a trade, the channel's {@code tape}) holds it now.
     */
    static ObjectNode of(MarketProjection projection, TradeTape tape, MarketEvent event) {
        return switch (event) {
            case Quote q -> TickerJson.ticker(q.symbol(), projection.quotes(q.symbol()));
            case MarketSummary s -> DashboardJson.dashboard(projection);
            case SourceHealthChanged h -> HealthJson.health(projection);
            case Trade t -> tape.state();
            case io.tickstream.common.event.Bar b -> throw new IllegalArgumentException("no channel shows bars");
        };
    }
}
