package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.WsViewer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A pulled camera's AAC through fMP4: GStreamer's RTSP server sends H.264 and AAC (avenc_aac, RFC
 * 3640); a late fMP4 viewer gets an init segment with both tracks, then pictures and sound that
 * ffprobe reads and ffmpeg decodes without an error.
 */
class RtspAudioIT {
    private static final Duration LIVE_WITHIN = Duration.ofSeconds(30);

    @Test
    void aLateFmp4ViewerGetsPicturesAndSoundThatDecode() throws Exception {
        try (GstRtspServer camera = GstRtspServer.start(0, null);
                RelayFixture relay = RelayFixture.start("--source.door=" + camera.url("/main"))) {
            RelayFixture.await(
                    "the camera live", LIVE_WITHIN, () -> RtspPullIT.live(relay, "door", "high"));
            List<byte[]> messages = new ArrayList<>();
            try (WsViewer viewer = WsViewer.connect(relay.httpPort(), "/ws/door?format=fmp4")) {
                for (int i = 0; i < 150; i++) {
                    messages.add(viewer.next());
                }
            }
            String init = new String(messages.get(0), StandardCharsets.ISO_8859_1);
            assertTrue(init.startsWith("ftyp", 4), "an init segment first");
            assertTrue(init.contains("mp4a") && init.contains("esds"), "with an AAC track");
            Path file = Ffmpeg.write(messages);

            List<String> streams = probe(file);
            assertEquals(2, streams.size(), "two streams: " + streams);
            assertTrue(streams.get(0).startsWith("h264,"), streams.toString());
            assertTrue(streams.get(1).startsWith("aac,"), streams.toString());
            int pictures = Integer.parseInt(streams.get(0).substring(5));
            int sounds = Integer.parseInt(streams.get(1).split(",")[3]);
            assertTrue(pictures >= 30, "pictures decoded: " + streams);
            assertTrue(sounds >= 30, "AAC frames decoded: " + streams);
            assertEquals(150, pictures + sounds, "every message one picture or one AAC frame");
            assertEquals("", decodeErrors(file), "ffmpeg -xerror decodes what the viewer got");
            System.out.printf(
                    "RTSP AAC over fMP4: streams %s; start times %s%n", streams, startTimes(file));
        }
    }

    @Test
    void aThumbnailGetsPicturesWithoutASoundTrack() throws Exception {
        try (GstRtspServer camera = GstRtspServer.start(0, null);
                RelayFixture relay = RelayFixture.start("--source.door=" + camera.url("/main"))) {
            RelayFixture.await(
                    "the camera live", LIVE_WITHIN, () -> RtspPullIT.live(relay, "door", "high"));
            List<byte[]> messages = new ArrayList<>();
            try (WsViewer viewer =
                    WsViewer.connect(
                            relay.httpPort(), "/ws/door?format=fmp4&keyframes=only&fps=5")) {
                for (int i = 0; i < 4; i++) {
                    messages.add(viewer.next());
                }
            }
            String init = new String(messages.get(0), StandardCharsets.ISO_8859_1);
            assertTrue(init.startsWith("ftyp", 4), "an init segment first");
            assertTrue(!init.contains("mp4a"), "no sound track for a thinned viewer");
            List<String> streams = probe(Ffmpeg.write(messages));
            assertEquals(List.of("h264,4"), streams, "four keyframes, nothing else");
        }
    }

    /** ffprobe's streams: codec and decoded frames; sample rate and channels for audio. */
    private static List<String> probe(Path file) throws Exception {
        Process p =
                new ProcessBuilder(
                                "ffprobe",
                                "-v",
                                "error",
                                "-count_frames",
                                "-show_entries",
                                "stream=codec_name,sample_rate,channels,nb_read_frames",
                                "-of",
                                "csv=p=0",
                                "-f",
                                "mov",
                                file.toString())
                        .redirectErrorStream(true)
                        .start();
        String output =
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffprobe finished");
        return output.lines().map(String::strip).toList();
    }

    /** Each stream's first presentation time in seconds: how far apart sound and pictures start. */
    private static List<String> startTimes(Path file) throws Exception {
        Process p =
                new ProcessBuilder(
                                "ffprobe",
                                "-v",
                                "error",
                                "-show_entries",
                                "stream=codec_name,start_time",
                                "-of",
                                "csv=p=0",
                                file.toString())
                        .redirectErrorStream(true)
                        .start();
        String output =
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffprobe finished");
        return output.lines().map(String::strip).toList();
    }

    /** ffmpeg -xerror over both streams, in the file's own time bases (see Fmp4RelayIT). */
    private static String decodeErrors(Path file) throws Exception {
        Process p =
                new ProcessBuilder(
                                "ffmpeg",
                                "-hide_banner",
                                "-v",
                                "error",
                                "-xerror",
                                "-f",
                                "mov",
                                "-i",
                                file.toString(),
                                "-enc_time_base",
                                "-1",
                                "-f",
                                "null",
                                "-")
                        .redirectErrorStream(true)
                        .start();
        String output =
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffmpeg finished");
        return p.exitValue() == 0 ? output : "exit " + p.exitValue() + ": " + output;
    }
}
