package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Startup fails fast and says why: a taken port is named, for both listeners, with the fix; a
 * failure partway through leaves nothing running.
 */
class StartupIT {

    @Test
    void aTakenIngestPortIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Exception e =
                    assertThrows(
                            Exception.class,
                            () -> RelayFixture.start("--ingest.port=" + taken.getLocalPort()));
            assertTrue(
                    messages(e).contains("ingest port 127.0.0.1:" + taken.getLocalPort()),
                    messages(e));
        }
    }

    @Test
    void aTakenHttpPortIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Exception e =
                    assertThrows(
                            Exception.class,
                            () -> RelayFixture.start("--http.port=" + taken.getLocalPort()));
            assertTrue(messages(e).contains("HTTP port " + taken.getLocalPort()), messages(e));
        }
    }

    @Test
    void aFailureAfterTheIngestStartedReleasesTheIngestPort() throws Exception {
        int ingest;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ingest = free.getLocalPort();
        }
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThrows(
                    Exception.class,
                    () ->
                            RelayFixture.start(
                                    "--ingest.port=" + ingest,
                                    "--http.port=" + taken.getLocalPort()));
        }
        try (ServerSocket again = new ServerSocket(ingest, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(again.isBound(), "the ingest port was closed when the start failed");
        }
        assertFalse(
                Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(
                                t ->
                                        t.isAlive()
                                                && (t.getName().equals("camrelay-housekeeping")
                                                        || t.getName().equals("camrelay-ingest"))),
                "the relay's threads were stopped");
    }

    @Test
    void theJarSaysWhichPortIsTakenAndHowToFixIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path log = Files.createTempFile("camrelay-startup", ".log");
            Process relay =
                    new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "java")
                                            .toString(),
                                    "-jar",
                                    Path.of("target", "camrelay.jar").toString(),
                                    "--http.port=0",
                                    "--ingest.host=127.0.0.1",
                                    "--ingest.port=" + taken.getLocalPort())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            try {
                assertTrue(relay.waitFor(30, TimeUnit.SECONDS), "exited");
                assertEquals(1, relay.exitValue());
                String output = Files.readString(log);
                assertTrue(
                        output.contains(
                                "camrelay failed to start: ingest port 127.0.0.1:"
                                        + taken.getLocalPort()
                                        + " is not available"),
                        output);
                assertTrue(output.contains("--ingest.port=N"), output);
            } finally {
                relay.destroyForcibly();
                Files.deleteIfExists(log);
            }
        }
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
