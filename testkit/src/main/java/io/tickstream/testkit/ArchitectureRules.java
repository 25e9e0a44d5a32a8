package io.tickstream.testkit;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture rules every module checks on its own main classes (each module has an
 * {@code ArchitectureTests} that calls {@link #check}):
 * <ul>
 *   <li>no code outside the streams layer ({@code io.tickstream.streams}) issues the stream commands that
 *       read or acknowledge (XREAD, XREADGROUP, XACK, XCLAIM, XAUTOCLAIM), through Lettuce or Spring Data
 *       Redis: services hold handlers, the layer holds the loops;</li>
 *   <li>no cycles between a module's feature packages;</li>
 *   <li>the wire contract ({@code io.tickstream.common}) depends on no Spring class.</li>
 * </ul>
 */
public final class ArchitectureRules {

    /** Lettuce's and Spring Data Redis' names of the commands only the layer may issue. */
    private static final Set<String> STREAM_READ_COMMANDS = Set.of(
            "xread", "xreadgroup", "xack", "xclaim", "xautoclaim",
            "xRead", "xReadGroup", "xAck", "xClaim", "xClaimJustId", "xReadAsString", "xReadGroupAsString");
    /** The same through Spring's StreamOperations. */
    private static final Set<String> STREAM_OPERATIONS = Set.of("read", "acknowledge", "claim");

    private ArchitectureRules() {
    }

    /** The main classes (no tests) under {@code basePackage}. */
    public static JavaClasses mainClasses(String basePackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(basePackage);
    }

    /** Stream reads and acknowledgements only in {@code io.tickstream.streams}. */
    public static ArchRule streamCommandsOnlyInTheStreamsLayer() {
        return noClasses().that().resideOutsideOfPackage("io.tickstream.streams..")
                .should().callMethodWhere(new DescribedPredicate<JavaMethodCall>(
                        "a stream read or acknowledgement (XREAD, XREADGROUP, XACK, XCLAIM, XAUTOCLAIM)") {
                    @Override
                    public boolean test(JavaMethodCall call) {
                        String owner = call.getTargetOwner().getName();
                        String name = call.getName();
                        if (owner.startsWith("io.lettuce.") || owner.startsWith("org.springframework.data.redis.connection.")) {
                            return STREAM_READ_COMMANDS.contains(name);
                        }
                        return owner.startsWith("org.springframework.data.redis.core.") && owner.contains("StreamOperations")
                                && STREAM_OPERATIONS.contains(name);
                    }
                })
                .because("every service reads Redis Streams through the one streams layer (tickstream-streams)");
    }

    /** No cycles between the feature packages right under {@code basePackage}. */
    public static ArchRule noPackageCycles(String basePackage) {
        return slices().matching(basePackage + ".(*)..").should().beFreeOfCycles();
    }

    /** The contract stays plain Java. */
    public static ArchRule commonWithoutSpring() {
        return noClasses().that().resideInAPackage("io.tickstream.common..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .because("common is the pure wire contract, usable without Spring");
    }

    /** Checks the streams rule and the cycle rule on the main classes under {@code basePackage}. */
    public static void check(String basePackage) {
        JavaClasses classes = mainClasses(basePackage);
        streamCommandsOnlyInTheStreamsLayer().check(classes);
        noPackageCycles(basePackage).check(classes);
    }
}
