package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Startup fails fast and says why: a taken port is named, for both listeners. */
class StartupIT {

    @Test
    void aTakenIngestPortIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Exception e = assertThrows(Exception.class, () -> RelayFixture.start("--ingest.port=" + taken.getLocalPort()));
            assertTrue(messages(e).contains("ingest port 127.0.0.1:" + taken.getLocalPort()), messages(e));
        }
    }

    @Test
    void aTakenHttpPortIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Exception e = assertThrows(Exception.class, () -> RelayFixture.start("--http.port=" + taken.getLocalPort()));
            assertTrue(messages(e).contains("HTTP port " + taken.getLocalPort()), messages(e));
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
