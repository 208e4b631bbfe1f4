package dev.camrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class StartedPartsTest {

    @Test
    void aFailedStartClosesWhatStartedNewestFirstAndKeepsCloseFailures() throws Exception {
        List<String> closed = new ArrayList<>();
        StartedParts parts = new StartedParts();
        ServerSocket listener = parts.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        ExecutorService worker = Executors.newSingleThreadExecutor();
        parts.add(
                () -> {
                    closed.add("worker");
                    worker.shutdownNow();
                });
        parts.add(
                () -> {
                    closed.add("broken");
                    throw new IOException("cannot close");
                });
        parts.add(() -> closed.add("newest"));
        IOException failure = new IOException("the next part failed to start");

        parts.unwind(failure);

        assertEquals(List.of("newest", "broken", "worker"), closed);
        assertTrue(listener.isClosed(), "the oldest part, a listening socket, was closed too");
        assertTrue(worker.isShutdown());
        assertEquals(1, failure.getSuppressed().length);
        assertEquals("cannot close", failure.getSuppressed()[0].getMessage());
    }
}
