package io.tickstream.streams.script;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.tickstream.streams.connection.RedisConnections;
import reactor.core.publisher.Flux;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run by its digest (EVALSHA) on the shared connection, sent in full (EVAL) when Redis
 * does not have it (after a restart or a failover). Arguments go as strings straight to Lettuce: a
 * script carrying thousands of arguments per call pays nothing for wrapping. On a cluster the call goes
 * to the node of the first key; every key of one call must share a slot.
 */
public final class LuaScript {

    private final RedisConnections redis;
    private final String script;
    private final String sha;

    private LuaScript(RedisConnections redis, String script) {
        this.redis = redis;
        this.script = script;
        this.sha = sha1(script);
    }

    /** The script at {@code path} on the class path. */
    public static LuaScript fromClasspath(RedisConnections redis, String path) {
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no script on the class path at " + path);
            }
            return new LuaScript(redis, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script {@code text} (for tests: a script given as text). */
    static LuaScript of(RedisConnections redis, String text) {
        return new LuaScript(redis, text);
    }

    /** Runs the script; its reply as strings (a list reply element by element, anything else as one). */
    public Flux<String> run(String[] keys, String... args) {
        return redis.shared().flatMapMany(c -> run(c, keys, args));
    }

    /** Runs the script on {@code commands} (e.g. {@link RedisConnections#masterOf a master's connection}). */
    public Flux<String> run(RedisClusterReactiveCommands<String, String> commands, String[] keys, String... args) {
        return commands.<Object>evalsha(sha, ScriptOutputType.MULTI, keys, args)
                .onErrorResume(RedisNoScriptException.class,
                        e -> commands.<Object>eval(script, ScriptOutputType.MULTI, keys, args))
                .flatMapIterable(LuaScript::elements);
    }

    /**
     * Runs the script with arguments encoded beforehand on the caller's thread ({@link ScriptArguments}): for
     * calls with many arguments, which would otherwise be encoded one by one on Lettuce's event loop.
     */
    public Flux<String> run(String[] keys, ScriptArguments args) {
        return redis.shared().flatMapMany(c -> run(c, keys, args));
    }

    /** {@link #run(String[], ScriptArguments)} on {@code commands}. */
    public Flux<String> run(RedisClusterReactiveCommands<String, String> commands, String[] keys, ScriptArguments args) {
        return commands.<Object>dispatch(CommandType.EVALSHA, new NestedMultiOutput<>(StringCodec.UTF8),
                        new EncodedScriptArgs(sha, keys, args))
                .onErrorResume(RedisNoScriptException.class,
                        e -> commands.<Object>dispatch(CommandType.EVAL, new NestedMultiOutput<>(StringCodec.UTF8),
                                new EncodedScriptArgs(script, keys, args)))
                .flatMapIterable(LuaScript::elements);
    }

    private static List<String> elements(Object result) {
        return result instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(result));
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
