package io.tickstream.streams.script;

import io.tickstream.streams.StreamsFixtures;
import io.tickstream.testkit.TestRedis;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import java.util.UUID;

class LuaScriptIntegrationTests {

    /** A script text no server has seen (its digest is unknown: the first EVALSHA is refused with NOSCRIPT). */
    private static final String ECHO = "-- " + UUID.randomUUID() + "\nlocal r = {KEYS[1]} for i = 1, #ARGV do r[#r + 1] = ARGV[i] end return r";

    @Test
    void preEncodedArgumentsReachTheScriptAsSentAlsoWhenTheScriptMustBeSentInFull() {
        try (StreamsFixtures redis = new StreamsFixtures(TestRedis.endpoint().redisUri())) {
            LuaScript script = LuaScript.of(redis.connections, ECHO);
            String key = "script-test:" + UUID.randomUUID() + "{p}";
            ScriptArguments args = new ScriptArguments(8).add("a").add("").add(42).add("prix €");

            // first call: NOSCRIPT, then EVAL with the same arguments; second call: EVALSHA
            for (int call = 0; call < 2; call++) {
                StepVerifier.create(script.run(new String[] {key}, args).collectList())
                        .expectNext(java.util.List.of(key, "a", "", "42", "prix €"))
                        .verifyComplete();
            }
        }
    }
}
