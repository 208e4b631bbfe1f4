package dev.camrelay.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** AudioSpecificConfig from an SDP {@code config=} as cameras and GStreamer write it. */
class AudioTrackTest {
    @Test
    void aacLcStereo48k() {
        AudioTrack track = AudioTrack.fromHexConfig("1190", 48000).orElseThrow();
        assertEquals("mp4a.40.2", track.codec());
        assertEquals(48000, track.sampleRate());
        assertEquals(2, track.channels());
        assertEquals(48000, track.clockRate());
        assertArrayEquals(new byte[] {0x11, (byte) 0x90}, track.config());
    }

    @Test
    void aacLcMono8kAsCamerasSendIt() {
        AudioTrack track = AudioTrack.fromHexConfig("1588", 8000).orElseThrow();
        assertEquals(8000, track.sampleRate());
        assertEquals(1, track.channels());
    }

    @Test
    void anExplicitRateAndAMissingClockRate() {
        // object type 2, index 15, rate 0x00BB80 = 48000, channels 1: 00010 1111 (24 bits) 0001
        AudioTrack track = AudioTrack.fromHexConfig("17805dc008", 0).orElseThrow();
        assertEquals(48000, track.sampleRate());
        assertEquals(1, track.channels());
        assertEquals(48000, track.clockRate(), "the sample rate stands in for a missing clock");
    }

    @Test
    void garbageIsRefused() {
        assertTrue(AudioTrack.fromHexConfig("zz", 48000).isEmpty());
        assertTrue(AudioTrack.fromHexConfig("12", 48000).isEmpty());
        assertTrue(AudioTrack.fromHexConfig("", 48000).isEmpty());
        assertTrue(AudioTrack.fromHexConfig("1180", 48000).isEmpty(), "no channel configuration");
        assertTrue(AudioTrack.fromHexConfig("17f0", 48000).isEmpty(), "truncated explicit rate");
    }

    @Test
    void equalByConfigAndClock() {
        assertEquals(
                AudioTrack.fromHexConfig("1190", 48000), AudioTrack.fromHexConfig("1190", 48000));
        assertTrue(
                !AudioTrack.fromHexConfig("1190", 48000)
                        .equals(AudioTrack.fromHexConfig("1188", 48000)));
    }
}
