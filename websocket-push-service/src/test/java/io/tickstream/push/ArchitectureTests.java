package io.tickstream.push;

import io.tickstream.testkit.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The project's architecture rules on this module's main classes ({@link ArchitectureRules}). */
class ArchitectureTests {

    @Test
    void streamCommandsOnlyInTheStreamsLayerAndNoPackageCycles() {
        ArchitectureRules.check("io.tickstream.push");
    }
}
