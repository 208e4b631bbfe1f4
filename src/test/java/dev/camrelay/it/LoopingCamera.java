package dev.camrelay.it;

import dev.camrelay.testing.FakeCamera;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A camera that sends a fixed list of frames round and round, length-framed, at a steady rate on
 * its own thread until closed: what a live camera looks like to the relay.
 */
final class LoopingCamera implements AutoCloseable {
    private final FakeCamera camera;
    private final List<byte[]> frames;
    private final long periodNanos;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean running = true;

    private LoopingCamera(FakeCamera camera, List<byte[]> frames, int fps) {
        this.camera = camera;
        this.frames = List.copyOf(frames);
        this.periodNanos = 1_000_000_000L / fps;
        this.thread = new Thread(this::run, "test-looping-camera");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Connects with a text handshake ({@code STREAM <name> <format> framing=length}) and starts
     * sending.
     */
    static LoopingCamera start(
            int ingestPort, String name, String format, List<byte[]> frames, int fps)
            throws IOException {
        StringBuilder answer = new StringBuilder();
        FakeCamera camera =
                FakeCamera.text(
                        ingestPort, "STREAM " + name + " " + format + " framing=length", answer);
        if (!answer.toString().equals("OK")) {
            throw new IOException("handshake refused: " + answer);
        }
        return new LoopingCamera(camera, frames, fps);
    }

    long sent() {
        return sent.get();
    }

    /**
     * The H.264 fixture cut into access units (parameter sets travel with the IDR that follows
     * them).
     */
    static List<byte[]> accessUnits(byte[] annexB) {
        List<byte[]> units = new ArrayList<>();
        ByteArrayOutputStream unit = new ByteArrayOutputStream();
        for (byte[] nal : Ffmpeg.nalUnitsOf(annexB)) {
            unit.writeBytes(new byte[] {0, 0, 0, 1});
            unit.writeBytes(nal);
            int type = nal[0] & 0x1F;
            if (type == 1 || type == 5) {
                units.add(unit.toByteArray());
                unit.reset();
            }
        }
        return units;
    }

    private void run() {
        long next = System.nanoTime();
        int i = 0;
        try {
            while (running) {
                camera.frame(frames.get(i));
                sent.incrementAndGet();
                i = (i + 1) % frames.size();
                next += periodNanos;
                LockSupport.parkNanos(next - System.nanoTime());
            }
        } catch (IOException e) {
            running = false;
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.join(2000);
        camera.close();
    }
}
