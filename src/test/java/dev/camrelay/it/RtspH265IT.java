package dev.camrelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camrelay.testing.WsViewer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A pulled H.265 camera: GStreamer's RTSP server sends x265enc output (rtph265pay, RFC 7798) at
 * 352x198; the relay lists the stream live as h265 with the SPS's size and codec string, an fMP4
 * viewer's messages are hvc1 that ffmpeg decodes without an error, and so is a raw viewer's Annex
 * B.
 */
class RtspH265IT {
    private static final Duration LIVE_WITHIN = Duration.ofSeconds(60);
    private static final int MESSAGES = 40;

    @Test
    void anH265CameraIsLiveAndDecodesAsFmp4AndAsAnnexB() throws Exception {
        try (GstRtspServer camera = GstRtspServer.start(0, null);
                RelayFixture relay = RelayFixture.start("--source.door=" + camera.url("/h265"))) {
            RelayFixture.await(
                    "the camera live", LIVE_WITHIN, () -> RtspPullIT.live(relay, "door", "high"));
            Map<String, Object> stream = relay.stream("door", "high");
            assertEquals("h265", stream.get("format"), stream.toString());
            assertEquals(352, ((Number) stream.get("width")).intValue(), stream.toString());
            assertEquals(198, ((Number) stream.get("height")).intValue(), stream.toString());
            assertTrue(
                    String.valueOf(stream.get("codec")).startsWith("hvc1.1.6.L"),
                    stream.toString());

            List<byte[]> fmp4 = messages(relay, "/ws/door?format=fmp4");
            String init = new String(fmp4.get(0), StandardCharsets.ISO_8859_1);
            assertTrue(init.startsWith("ftyp", 4), "an init segment first");
            assertTrue(init.contains("hvc1") && init.contains("hvcC"), "an hvc1 sample entry");
            Path mp4 = Ffmpeg.write(fmp4);
            assertEquals("", Ffmpeg.decodeErrors(mp4, "mov"), "ffmpeg -xerror decodes the fMP4");
            assertEquals(
                    List.of("352x198"),
                    Ffmpeg.pictureSizes(mp4, "mov").stream().distinct().toList());
            assertEquals(MESSAGES, Ffmpeg.pictureSizes(mp4, "mov").size(), "one picture each");

            Path annexB = Ffmpeg.write(messages(relay, "/ws/door"));
            assertEquals("", Ffmpeg.decodeErrors(annexB, "hevc"), "ffmpeg -xerror decodes Annex B");
            assertEquals(MESSAGES, Ffmpeg.pictureSizes(annexB, "hevc").size(), "one picture each");
        }
    }

    private static List<byte[]> messages(RelayFixture relay, String path) throws Exception {
        List<byte[]> messages = new ArrayList<>();
        try (WsViewer viewer = WsViewer.connect(relay.httpPort(), path)) {
            for (int i = 0; i < MESSAGES; i++) {
                messages.add(viewer.next());
            }
        }
        return messages;
    }
}
