package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.FakeCamera;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The relay process runs out of file descriptors while cameras connect: accept() fails, and once
 * descriptors are free again a camera connects and publishes, as ingest paused instead of ending.
 * The limit is lowered on the child JVM with {@code prlimit}, the far side of the test.
 */
class AcceptFailureIT {

    @Test
    void ingestOutlivesRunningOutOfFileDescriptors() throws Exception {
        try (RelayProcess relay = RelayProcess.start("--demo=false")) {
            String original = openFilesLimit(relay.pid());
            List<Socket> flood = new ArrayList<>();
            try {
                prlimit(
                        relay.pid(),
                        (openDescriptors(relay.pid()) + 3) + ":" + original.split(":")[1]);
                for (int i = 0; i < 20; i++) {
                    flood.add(new Socket("127.0.0.1", relay.ingestPort()));
                }
                RelayFixture.await(
                        "accept() failed in the relay",
                        Duration.ofSeconds(20),
                        () ->
                                relay.log().contains("ingest cannot accept")
                                        || relay.log().contains("ingest loop failed"));
            } finally {
                for (Socket socket : flood) {
                    socket.close();
                }
                prlimit(relay.pid(), original);
            }
            RelayFixture.await(
                    "a camera publishes again",
                    Duration.ofSeconds(20),
                    () -> publishes(relay.ingestPort()));
            String status = relay.get("/api/ingest");
            assertTrue(status != null && !status.contains("\"acceptFailures\":0"), status);
            assertEquals(0, relay.logLines("ingest loop failed"), relay.log());
            assertTrue(relay.logLines("ingest cannot accept camera connections") > 0, relay.log());
        }
    }

    private static boolean publishes(int port) throws IOException {
        StringBuilder answer = new StringBuilder();
        try (FakeCamera camera = FakeCamera.text(port, "STREAM yard mjpeg", answer)) {
            return answer.toString().equals("OK");
        } catch (IOException e) {
            return false;
        }
    }

    private static int openDescriptors(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        }
    }

    /** The process's open-files limit as soft:hard. */
    private static String openFilesLimit(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
            if (line.startsWith("Max open files")) {
                String[] words = line.trim().split(" +");
                return words[3] + ":" + words[4];
            }
        }
        throw new IOException("no open-files limit for " + pid);
    }

    private static void prlimit(long pid, String softHard) throws Exception {
        Process p =
                new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--nofile=" + softHard)
                        .redirectErrorStream(true)
                        .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "prlimit " + softHard + ": " + output);
    }
}
