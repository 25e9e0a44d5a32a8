package io.tickstream.ingest.feed;

import io.tickstream.ingest.lease.LeaseNames;
import io.tickstream.ingest.source.SourceProperties;
import io.tickstream.ingest.source.SourcesProperties;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The feeds that run: a venue's when it is enabled, its source is enabled and it has a URL; the simulated
 * venues when they are enabled.
 */
@Component
public class FeedCatalog implements LeaseNames.Provider {

    private final List<String> names;

    public FeedCatalog(FeedsProperties feeds, SourcesProperties sources) {
        Map<String, FeedsProperties.Feed> all = Map.of("binance", feeds.binance(), "coinbase", feeds.coinbase(),
                "kraken", feeds.kraken());
        List<String> on = new ArrayList<>();
        for (String name : List.of("binance", "coinbase", "kraken")) {
            FeedsProperties.Feed feed = all.get(name);
            SourceProperties source = sources.byName().get(name);
            if (feed.enabled() && feed.url() != null && source != null && source.enabled()) {
                on.add(name);
            }
        }
        if (feeds.simulated().enabled()) {
            on.addAll(feeds.simulated().names());
        }
        this.names = List.copyOf(on);
    }

    /** Source names of the feeds that run, e.g. {@code [binance, kraken]}. */
    public List<String> names() {
        return names;
    }

    /** The lease names of those feeds. */
    @Override
    public List<String> leaseNames() {
        return names.stream().map(FeedRunner::leaseName).toList();
    }
}
