package dev.camrelay.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * GStreamer's RTSP server (Debian's gir1.2-gst-rtsp-server-1.0) run by the fixture script
 * src/test/resources/rtsp/rtsp_server.py: /main 640x360 and /sub 320x180 H.264 with AAC. The script
 * exits when its stdin closes, so a crashed test leaves no server behind.
 */
public final class GstRtspServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private GstRtspServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts on {@code port} (0: a free one), with "basic" or "digest" auth for admin/secret, or
     * none (null).
     */
    public static GstRtspServer start(int port, String auth) throws IOException {
        List<String> command =
                new ArrayList<>(List.of("/usr/bin/python3", script(), Integer.toString(port)));
        if (auth != null) {
            command.addAll(List.of("--auth", auth, "--user", "admin", "--password", "secret"));
        }
        Process process =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            process.destroyForcibly();
            throw new IOException(
                    "the RTSP server fixture did not start (is gir1.2-gst-rtsp-server-1.0"
                            + " installed?): "
                            + line);
        }
        GstRtspServer server =
                new GstRtspServer(process, Integer.parseInt(line.substring(5).strip()));
        Thread reader = new Thread(() -> server.collectRequests(out), "gst-rtsp-server-stdout");
        reader.setDaemon(true);
        reader.start();
        return server;
    }

    private void collectRequests(BufferedReader out) {
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                requests.add(line.strip());
            }
        } catch (IOException e) {
            // the server exited
        }
    }

    /**
     * The DESCRIBE, SETUP and TEARDOWN requests the server got so far: "DESCRIBE /main", "SETUP
     * &lt;the Transport header&gt;", "TEARDOWN /main".
     */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private static String script() throws IOException {
        try {
            return Path.of(GstRtspServer.class.getResource("/rtsp/rtsp_server.py").toURI())
                    .toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("rtsp_server.py not on the test classpath", e);
        }
    }

    int port() {
        return port;
    }

    public String url(String path) {
        return "rtsp://127.0.0.1:" + port + path;
    }

    public String url(String credentials, String path) {
        return "rtsp://" + credentials + "@127.0.0.1:" + port + path;
    }

    /** Stops the server at once, as a camera losing power would. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
