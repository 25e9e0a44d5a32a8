package io.tickstream.streams;

import io.tickstream.testkit.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The layer itself: no cycles between its packages ({@link ArchitectureRules}). */
class ArchitectureTests {

    @Test
    void noPackageCycles() {
        ArchitectureRules.noPackageCycles("io.tickstream.streams").check(ArchitectureRules.mainClasses("io.tickstream.streams"));
    }
}
