package dev.camrelay.sender;

import dev.camrelay.media.Format;
import dev.camrelay.media.Quality;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Built-in demo cameras {@code demo1..demoN}: test patterns pushed through the relay's real ingest
 * port over TCP, so the demo exercises the same path as a real camera. The camera list is filled
 * before {@link #start} returns and never changes afterwards.
 */
public final class DemoCameras implements AutoCloseable {
    private final List<CameraClient> cameras;

    private DemoCameras(List<CameraClient> cameras) {
        this.cameras = cameras;
    }

    /**
     * The MJPEG demo cameras' low rendition, beside the 640x360 high one: what grid tiles and slow
     * viewers get.
     */
    private static final int LOW_WIDTH = 320;

    private static final int LOW_HEIGHT = 180;

    /** The H.264 demo camera's stream name. */
    public static final String H264_NAME = "demo-h264";

    /**
     * A 6 s Constrained Baseline clip, GOP 1 s, made with {@code ffmpeg -f lavfi -i
     * testsrc2=size=320x240:rate=10 -t 6 -c:v libx264 -profile:v baseline -level 3.0 -tune
     * zerolatency -g 10 -bf 0 -crf 28 -pix_fmt yuv420p -f h264}; it starts with SPS, PPS, IDR.
     */
    private static final String H264_CLIP = "/demo/testsrc2-320x240.h264";

    private static final int H264_FPS = 10;

    /** The MPEG-TS demo camera's stream name. */
    public static final String TS_NAME = "demo-ts";

    /**
     * A 4 s MPEG-1 clip for jsmpeg, made with {@code ffmpeg -f lavfi -i
     * testsrc2=size=320x240:rate=25 -t 4 -c:v mpeg1video -bf 0 -g 25 -q:v 16 -an -f mpegts}.
     */
    private static final String TS_CLIP = "/demo/testsrc2-320x240-mpeg1.ts";

    private static final int TS_FPS = 25;

    /**
     * Starts {@code count} MJPEG demo cameras (a 640x360 high and a 320x180 low rendition of a
     * pattern, text handshake, length framing) and, when {@code count > 0}, an H.264 and an MPEG-TS
     * camera looping short clips.
     */
    public static DemoCameras start(String host, int ingestPort, int count, int fps) {
        return start(host, ingestPort, count, fps, null);
    }

    /**
     * The same, presenting {@code token} (null for none) when the relay requires publish tokens.
     */
    public static DemoCameras start(String host, int ingestPort, int count, int fps, String token) {
        if (count < 0) {
            throw new IllegalArgumentException("demo camera count must be >= 0, not " + count);
        }
        if (fps < 1) {
            throw new IllegalArgumentException("demo camera fps must be >= 1, not " + fps);
        }
        DemoCameras demo = new DemoCameras(new ArrayList<>(count));
        try {
            for (int i = 1; i <= count; i++) {
                String name = "demo" + i;
                CameraSettings high =
                        CameraSettings.text(
                                        host, ingestPort, name, Quality.HIGH, Framing.LENGTH, fps)
                                .withToken(token);
                demo.cameras.add(CameraClient.start(high, new PatternSource(name)));
                CameraSettings low =
                        CameraSettings.text(
                                        host, ingestPort, name, Quality.LOW, Framing.LENGTH, fps)
                                .withToken(token);
                demo.cameras.add(
                        CameraClient.start(low, new PatternSource(name, LOW_WIDTH, LOW_HEIGHT)));
            }
            if (count > 0) {
                CameraSettings h264 =
                        CameraSettings.text(
                                        host,
                                        ingestPort,
                                        H264_NAME,
                                        Quality.HIGH,
                                        Framing.LENGTH,
                                        H264_FPS)
                                .withFormat(Format.H264)
                                .withToken(token);
                demo.cameras.add(
                        CameraClient.start(
                                h264,
                                LoopingSource.bytes(clip(H264_CLIP), H264_CLIP, Format.H264)));
                CameraSettings ts =
                        CameraSettings.text(
                                        host,
                                        ingestPort,
                                        TS_NAME,
                                        Quality.HIGH,
                                        Framing.LENGTH,
                                        TS_FPS)
                                .withFormat(Format.TS)
                                .withToken(token);
                demo.cameras.add(
                        CameraClient.start(
                                ts, LoopingSource.bytes(clip(TS_CLIP), TS_CLIP, Format.TS)));
            }
        } catch (RuntimeException e) {
            demo.close(); // do not leave the cameras started so far running behind a failed start
            throw e;
        }
        return demo;
    }

    private static byte[] clip(String resource) {
        try (InputStream clip = DemoCameras.class.getResourceAsStream(resource)) {
            if (clip == null) {
                throw new IllegalStateException(
                        "demo clip " + resource + " is missing from the classpath");
            }
            return clip.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the demo clip " + resource, e);
        }
    }

    public List<CameraClient> cameras() {
        return List.copyOf(cameras);
    }

    @Override
    public void close() {
        // ask all first, so the cameras wind down together instead of one grace period after
        // another
        cameras.forEach(CameraClient::requestStop);
        cameras.forEach(CameraClient::close);
    }
}
