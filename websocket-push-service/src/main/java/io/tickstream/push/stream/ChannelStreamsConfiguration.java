package io.tickstream.push.stream;

import io.tickstream.common.stream.Partitions;
import io.tickstream.push.channel.ChannelStreams;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The streams the channels are fed from: the configured stream names on the shared partition layout. */
@Configuration(proxyBeanMethods = false)
class ChannelStreamsConfiguration {

    @Bean
    ChannelStreams channelStreams(StreamsProperties properties, Partitions partitions) {
        return new ChannelStreams(partitions, properties.marketData(), properties.dashboard(), properties.health(),
                properties.trades());
    }
}
