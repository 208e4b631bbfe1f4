package dev.camrelay.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionDescriptionTest {
    /** As GStreamer's RTSP server describes H.264 + AAC (CRLF line ends). */
    private static final String GSTREAMER =
            String.join(
                    "\r\n",
                    "v=0",
                    "o=- 1188340656180883 1 IN IP4 127.0.0.1",
                    "s=Session streamed with GStreamer",
                    "t=0 0",
                    "a=tool:GStreamer",
                    "a=type:broadcast",
                    "a=control:*",
                    "a=range:npt=now-",
                    "m=video 0 RTP/AVP 96",
                    "c=IN IP4 0.0.0.0",
                    "a=rtpmap:96 H264/90000",
                    "a=framerate:30",
                    "a=fmtp:96"
                            + " packetization-mode=1;sprop-parameter-sets=Z0LAHtkAoC/5ZYQAAAMABAAAAwDwPFi6gA==,aMuDyyA=;"
                            + "profile-level-id=42c01e;level-asymmetry-allowed=1",
                    "a=control:stream=0",
                    "a=ts-refclk:local",
                    "m=audio 0 RTP/AVP 97",
                    "a=rtpmap:97 MPEG4-GENERIC/48000/2",
                    "a=fmtp:97"
                            + " streamtype=5;profile-level-id=2;mode=AAC-hbr;config=1190;sizelength=13;"
                            + "indexlength=3;indexdeltalength=3",
                    "a=control:stream=1",
                    "");

    @Test
    void readsVideoAndAudioOfGstreamer() {
        SessionDescription sdp = SessionDescription.parse(GSTREAMER);
        assertEquals("*", sdp.control());
        assertEquals(2, sdp.media().size());
        SdpMedia video = sdp.first("H264").orElseThrow();
        assertEquals(96, video.payloadType());
        assertEquals(90000, video.clockRate());
        assertEquals("42c01e", video.fmtp("profile-level-id"));
        assertEquals(
                "Z0LAHtkAoC/5ZYQAAAMABAAAAwDwPFi6gA==,aMuDyyA=",
                video.fmtp("sprop-parameter-sets"));
        assertEquals("stream=0", video.control());
        SdpMedia audio = sdp.first("MPEG4-GENERIC").orElseThrow();
        assertEquals(97, audio.payloadType());
        assertEquals(48000, audio.clockRate());
        assertEquals("13", audio.fmtp("sizeLength"));
        assertEquals("1190", audio.fmtp("config"));
    }

    @Test
    void readsH265AndIgnoresOtherPayloadTypesAttributes() {
        SessionDescription sdp =
                SessionDescription.parse(
                        "v=0\nm=video 0 RTP/AVP 98 99\n"
                                + "a=rtpmap:99 H264/90000\na=rtpmap:98 H265/90000\n"
                                + "a=fmtp:98 sprop-vps=QAE=; sprop-sps=QgE=; sprop-pps=RAE=\n"
                                + "a=control:rtsp://cam/live/track1\n");
        SdpMedia video = sdp.first("H264", "H265").orElseThrow();
        assertEquals("H265", video.encoding());
        assertEquals("QgE=", video.fmtp("sprop-sps"));
        assertEquals("rtsp://cam/live/track1", video.control());
        assertTrue(sdp.first("H264").isEmpty(), "only the first payload type of a section is used");
    }

    @Test
    void brokenLinesAreSkipped() {
        SessionDescription sdp =
                SessionDescription.parse("garbage\nm=video x RTP/AVP\nm=\na=\n=\n");
        assertTrue(sdp.media().isEmpty());
    }

    @Test
    void controlUrlsResolveAgainstTheBase() {
        assertEquals("rtsp://h/live/stream=0", ControlUrls.resolve("rtsp://h/live", "stream=0"));
        assertEquals("rtsp://h/live/stream=0", ControlUrls.resolve("rtsp://h/live/", "stream=0"));
        assertEquals("rtsp://h/live/", ControlUrls.resolve("rtsp://h/live/", "*"));
        assertEquals("rtsp://h/live", ControlUrls.resolve("rtsp://h/live", ""));
        assertEquals(
                "rtsp://o/x/trackID=1",
                ControlUrls.resolve("rtsp://h/live", "rtsp://o/x/trackID=1"));
        assertEquals("RTSP://o/x", ControlUrls.resolve("rtsp://h/live", "RTSP://o/x"));
    }
}
