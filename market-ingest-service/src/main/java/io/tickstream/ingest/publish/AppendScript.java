package io.tickstream.ingest.publish;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The append-if-newer script, called through Lettuce directly on a connection of its own with
 * string arguments: the script carries thousands of arguments per call, and Spring's template would
 * wrap each in a {@link java.nio.ByteBuffer} first, which cost a third of the pipeline's CPU in the
 * ingest benchmark. The connection uses the Spring-configured Lettuce client (host, port, password,
 * TLS), is opened on first use off the event loop, and reconnects by itself; a failed first connect is
 * retried on the next call.
 */
final class AppendScript {

    private final String script;
    private final String sha;
    private final Mono<StatefulRedisConnection<String, String>> connection;

    AppendScript(LettuceConnectionFactory factory) {
        this.script = read("scripts/append-if-newer.lua");
        this.sha = sha1(script);
        this.connection = Mono.fromCallable(() -> client(factory).connect(StringCodec.UTF8))
                .subscribeOn(Schedulers.boundedElastic())
                .cache(c -> Duration.ofMillis(Long.MAX_VALUE), e -> Duration.ZERO, () -> Duration.ZERO);
    }

    /** Runs the script; one element per event: the new entry id, or empty for a duplicate. */
    Flux<String> run(String[] keys, String[] args) {
        return connection.flatMapMany(c -> c.reactive().<Object>evalsha(sha, ScriptOutputType.MULTI, keys, args)
                        .onErrorResume(RedisNoScriptException.class,
                                e -> c.reactive().<Object>eval(script, ScriptOutputType.MULTI, keys, args)))
                .flatMapIterable(AppendScript::elements);
    }

    /** Closes the connection if it was opened. */
    void close() {
        connection.subscribe(StatefulRedisConnection::closeAsync, e -> { });
    }

    private static List<String> elements(Object result) {
        return result instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(result));
    }

    private static RedisClient client(LettuceConnectionFactory factory) {
        if (factory.getRequiredNativeClient() instanceof RedisClient client) {
            return client;
        }
        throw new IllegalStateException("the ingest service needs a standalone Redis (or Sentinel) connection, not a cluster client");
    }

    private static String read(String path) {
        try (var in = new ClassPathResource(path).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
