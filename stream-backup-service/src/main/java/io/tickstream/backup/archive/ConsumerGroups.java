package io.tickstream.backup.archive;

import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.tickstream.backup.redis.StreamConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Creates the consumer group where it is missing: at start, and again after {@code NOGROUP} (Redis
 * lost its data, or the stream was deleted). The group starts at the beginning of the stream ({@code 0}),
 * so whatever was appended before the group existed is archived too.
 */
final class ConsumerGroups {

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroups.class);

    private final StreamConnections redis;
    private final String group;

    ConsumerGroups(StreamConnections redis, String group) {
        this.redis = redis;
        this.group = group;
    }

    /** Creates the group on {@code stream} (and the stream) unless it exists. */
    Mono<Void> ensure(String stream) {
        return redis.shared()
                .flatMap(c -> c.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), group,
                        XGroupCreateArgs.Builder.mkstream(true)))
                .doOnNext(ok -> log.info("created consumer group '{}' on {}", group, stream))
                .onErrorResume(ConsumerGroups::isBusyGroup, e -> Mono.empty())
                .then();
    }

    /**
     * The group or the stream is gone: Redis restarted empty or the key was deleted ({@code NOGROUP}, or
     * {@code UNBLOCKED} for a read that was blocked when the key went away).
     */
    static boolean isNoGroup(Throwable e) {
        String message = e.getMessage();
        return message != null && (message.startsWith("NOGROUP") || message.startsWith("UNBLOCKED"));
    }

    private static boolean isBusyGroup(Throwable e) {
        return e.getMessage() != null && e.getMessage().startsWith("BUSYGROUP");
    }
}
