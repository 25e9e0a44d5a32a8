package io.tickstream.testkit;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.lettuce.core.Consumer;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules catch what they are meant to catch. */
class ArchitectureRulesTests {

    /** A service class that reads a stream itself. */
    static final class ReadsAStreamItself {
        Object read(RedisReactiveCommands<String, String> redis) {
            return redis.xreadgroup(Consumer.from("g", "c"), XReadArgs.StreamOffset.lastConsumed("s"));
        }
    }

    /** A service class that only appends. */
    static final class OnlyAppends {
        Object append(RedisReactiveCommands<String, String> redis) {
            return redis.xadd("s", java.util.Map.of("k", "v"));
        }
    }

    @Test
    void aStreamReadOutsideTheLayerIsAViolation() {
        assertThatThrownBy(() -> ArchitectureRules.streamCommandsOnlyInTheStreamsLayer()
                .check(new ClassFileImporter().importClasses(ReadsAStreamItself.class)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("xreadgroup");
    }

    @Test
    void anAppendIsNot() {
        assertThatCode(() -> ArchitectureRules.streamCommandsOnlyInTheStreamsLayer()
                .check(new ClassFileImporter().importClasses(OnlyAppends.class))).doesNotThrowAnyException();
    }
}
