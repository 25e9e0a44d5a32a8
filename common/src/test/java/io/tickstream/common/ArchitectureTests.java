package io.tickstream.common;

import io.tickstream.testkit.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The contract's architecture rules ({@link ArchitectureRules}). */
class ArchitectureTests {

    @Test
    void commonDependsOnNoSpringAndHasNoPackageCycles() {
        var classes = ArchitectureRules.mainClasses("io.tickstream.common");
        ArchitectureRules.commonWithoutSpring().check(classes);
        ArchitectureRules.noPackageCycles("io.tickstream.common").check(classes);
        ArchitectureRules.streamCommandsOnlyInTheStreamsLayer().check(classes);
    }
}
