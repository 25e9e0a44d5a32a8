package io.tickstream.streams.group;

import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.tickstream.streams.RedisErrors;
import io.tickstream.streams.connection.RedisConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Creates the consumer group where it is missing: at start, and again after {@code NOGROUP} (Redis
 * lost its data, or the stream was deleted), at {@link GroupOptions#startAt()} (and the stream with it).
 */
final class GroupCreator {

    private static final Logger log = LoggerFactory.getLogger(GroupCreator.class);

    private final RedisConnections redis;
    private final GroupOptions options;

    GroupCreator(RedisConnections redis, GroupOptions options) {
        this.redis = redis;
        this.options = options;
    }

    /** Creates the group on {@code stream} (and the stream) unless it exists. */
    Mono<Void> ensure(String stream) {
        return Mono.defer(() -> {
                    String start = options.startAt().get();
                    return redis.shared()
                            .flatMap(c -> c.xgroupCreate(XReadArgs.StreamOffset.from(stream, start), options.group(),
                                    XGroupCreateArgs.Builder.mkstream(true)))
                            .doOnNext(ok -> log.info("created consumer group '{}' on {} at {}", options.group(), stream, start));
                })
                .onErrorResume(RedisErrors::isBusyGroup, e -> Mono.empty())
                .then();
    }
}
