package dev.camrelay.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.Closeable;
import java.util.Set;

/**
 * The package rules, checked on the main classes. Each rule names packages by pattern, so a package
 * that does not exist yet (or no longer does) is covered once it appears; such a rule passes while
 * its package is empty rather than failing for want of classes.
 */
@AnalyzeClasses(packages = "dev.camrelay", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {
    private static final String CONFIG = "dev.camrelay.config..";
    private static final String INGEST = "dev.camrelay.ingest..";
    private static final String KAFKA = "dev.camrelay.kafka..";
    private static final String MEDIA = "dev.camrelay.media..";
    private static final String RTSP = "dev.camrelay.rtsp..";
    private static final String STREAM = "dev.camrelay.stream..";
    private static final String WEB = "dev.camrelay.web..";

    /** Addresses as values (a gate keyed by the peer's address); none of them opens a socket. */
    private static final Set<String> ADDRESS_VALUES =
            Set.of("java.net.InetAddress", "java.net.Inet4Address", "java.net.Inet6Address");

    /** Streams over memory: building or reading a byte array is not I/O. */
    private static final Set<String> MEMORY_STREAMS =
            Set.of(
                    "java.io.ByteArrayInputStream",
                    "java.io.ByteArrayOutputStream",
                    "java.io.StringReader",
                    "java.io.StringWriter");

    @ArchTest
    static final ArchRule INGEST_DOES_NOT_USE_WEB =
            noClasses()
                    .that()
                    .resideInAPackage(INGEST)
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(WEB)
                    .because("cameras and viewers meet only in the stream hub");

    @ArchTest
    static final ArchRule WEB_DOES_NOT_USE_INGEST =
            noClasses()
                    .that()
                    .resideInAPackage(WEB)
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(INGEST)
                    .because("cameras and viewers meet only in the stream hub");

    @ArchTest
    static final ArchRule MEDIA_AND_STREAM_DO_NO_IO =
            noClasses()
                    .that()
                    .resideInAnyPackage(MEDIA, STREAM)
                    .should()
                    .dependOnClassesThat(io())
                    .orShould()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "org.eclipse.jetty..", "jakarta.servlet..", "jakarta.websocket..")
                    .because(
                            "parsers and the hub are fed bytes and frames by their callers, and are tested"
                                    + " without a socket or a server")
                    .allowEmptyShould(true);

    @ArchTest
    static final ArchRule ONLY_STREAM_REACHES_KAFKA =
            noClasses()
                    .that()
                    .resideInAnyPackage(WEB, INGEST, MEDIA, RTSP)
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(KAFKA)
                    .because(
                            "other nodes' streams reach viewers through the stream hub like local ones")
                    .allowEmptyShould(true);

    @ArchTest
    static final ArchRule KAFKA_DOES_NOT_USE_WEB_OR_INGEST =
            noClasses()
                    .that()
                    .resideInAPackage(KAFKA)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(WEB, INGEST)
                    .because("the Kafka sink and source talk to the stream hub only");

    @ArchTest
    static final ArchRule CONFIG_USES_ONLY_JAVA_BASE =
            noClasses()
                    .that()
                    .resideInAPackage(CONFIG)
                    .should()
                    .dependOnClassesThat(outsideJavaBaseAndCamrelay())
                    .because("configuration is parsed and checked before any library starts");

    @ArchTest
    static final ArchRule RTSP_USES_ONLY_MEDIA_STREAM_AND_CONFIG =
            noClasses()
                    .that()
                    .resideInAPackage(RTSP)
                    .should()
                    .dependOnClassesThat(
                            DescribedPredicate.describe(
                                    "camrelay classes outside rtsp, media, stream and config",
                                    (JavaClass c) ->
                                            c.getPackageName().startsWith("dev.camrelay.")
                                                    && !inAny(
                                                            c,
                                                            "dev.camrelay.rtsp",
                                                            "dev.camrelay.media",
                                                            "dev.camrelay.stream",
                                                            "dev.camrelay.config")))
                    .because("a pulled camera publishes into the hub as a pushed one does")
                    .allowEmptyShould(true);

    /** Sockets, channels, files and I/O streams; exceptions and in-memory streams are fine. */
    private static DescribedPredicate<JavaClass> io() {
        return DescribedPredicate.describe(
                "I/O classes (java.net, java.nio.channels, java.nio.file,"
                        + " java.io files and streams)",
                c -> {
                    String name = c.getBaseComponentType().getName();
                    if (name.startsWith("java.net.")) {
                        return !ADDRESS_VALUES.contains(name);
                    }
                    if (name.startsWith("java.nio.channels.")
                            || name.startsWith("java.nio.file.")) {
                        return true;
                    }
                    return c.getPackageName().equals("java.io")
                            && !MEMORY_STREAMS.contains(name)
                            && (c.isAssignableTo(Closeable.class)
                                    || name.startsWith("java.io.File")
                                    || name.equals("java.io.RandomAccessFile"));
                });
    }

    private static DescribedPredicate<JavaClass> outsideJavaBaseAndCamrelay() {
        Set<String> javaBase =
                ModuleLayer.boot().findModule("java.base").orElseThrow().getPackages();
        return DescribedPredicate.describe(
                "classes outside java.base and dev.camrelay.config",
                c -> {
                    JavaClass base = c.getBaseComponentType();
                    return !base.isPrimitive()
                            && !javaBase.contains(base.getPackageName())
                            && !inAny(base, "dev.camrelay.config");
                });
    }

    private static boolean inAny(JavaClass c, String... packages) {
        for (String p : packages) {
            if (c.getPackageName().equals(p) || c.getPackageName().startsWith(p + ".")) {
                return true;
            }
        }
        return false;
    }
}
