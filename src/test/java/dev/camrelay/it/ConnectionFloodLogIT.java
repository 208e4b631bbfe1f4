package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.FakeCamera;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A flood of cameras that connect, pass the handshake and leave costs the log a few lines a second,
 * and every connect and disconnect is still accounted for: logged or counted.
 */
class ConnectionFloodLogIT {
    private static final int CONNECTIONS = 300;
    private static final Pattern SUMMARY =
            Pattern.compile(
                    "ingest: (\\d+) more camera connect\\(s\\) and (\\d+) disconnect\\(s\\)");

    @Test
    void connectsAndDisconnectsAggregateDuringAFlood() throws Exception {
        try (RelayProcess relay = RelayProcess.start()) {
            for (int i = 0; i < CONNECTIONS; i++) {
                StringBuilder answer = new StringBuilder();
                try (FakeCamera camera =
                        FakeCamera.text(relay.ingestPort(), "STREAM flood mjpeg", answer)) {
                    assertEquals("OK", answer.toString());
                }
            }
            RelayFixture.await(
                    "every connect and disconnect logged or counted",
                    Duration.ofSeconds(30),
                    () -> accounted(relay) == 2 * CONNECTIONS);
            long oneByOne =
                    relay.logLines("camera flood/high connected from")
                            + relay.logLines("camera flood/high disconnected from");
            assertTrue(
                    oneByOne < CONNECTIONS,
                    oneByOne + " lines one by one for " + CONNECTIONS + " connections");
        }
    }

    private static long accounted(RelayProcess relay) throws IOException {
        String log = relay.log();
        long total =
                relay.logLines("camera flood/high connected from")
                        + relay.logLines("camera flood/high disconnected from");
        Matcher summary = SUMMARY.matcher(log);
        while (summary.find()) {
            total += Long.parseLong(summary.group(1)) + Long.parseLong(summary.group(2));
        }
        return total;
    }
}
